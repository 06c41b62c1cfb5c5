using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace GitIntegration.Grains.Hosting;

/// <summary>
/// Remembers each grain interface's <see cref="GrainInterfaceType"/>. Orleans 10.4.2 works it out again on every
/// <c>GetGrain&lt;T&gt;(key)</c> (it instantiates the interface's attributes, then formats its type name), which
/// measured longer than a whole warm grain call; the gateway makes three such references per credentials request.
/// Registered ahead of Orleans' own providers, it answers from its cache and asks the resolver (with itself stepping
/// aside) the first time, so the answer is always the one Orleans gives.
/// </summary>
public sealed class CachedGrainInterfaceTypes(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    [ThreadStatic] private static bool _resolving;
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();

    /// <summary>Puts the cache first among the providers of <paramref name="collection"/> (silo or client).</summary>
    public static void AddTo(IServiceCollection collection)
    {
        if (collection.Any(d => d.ImplementationType == typeof(CachedGrainInterfaceTypes)))
            return;
        collection.Insert(0, ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, CachedGrainInterfaceTypes>());
    }

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        // The resolver adds generic arguments to a provider's answer itself, so generic interfaces are left to it.
        if (_resolving || type.IsGenericType)
        {
            grainInterfaceType = default;
            return false;
        }
        if (_known.TryGetValue(type, out grainInterfaceType))
            return true;
        _resolving = true;
        try
        {
            grainInterfaceType = services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(type);
        }
        finally
        {
            _resolving = false;
        }
        _known[type] = grainInterfaceType;
        return true;
    }
}
