using System.Collections.Concurrent;
using System.Reflection;

namespace GitIntegration.Actors.Runtime;

/// <summary>A grain interface: its stable type name and its methods.</summary>
public sealed class GrainInterfaceInfo
{
    internal GrainInterfaceInfo(Type @interface, string grainType)
    {
        Interface = @interface;
        GrainType = grainType;
        var methods = new Dictionary<MethodInfo, GrainMethod>();
        foreach (var type in new[] { @interface }.Concat(@interface.GetInterfaces()))
        {
            if (type == typeof(IGrain) || type == typeof(IGrainWithStringKey))
                continue;
            foreach (var method in type.GetMethods())
                methods[method] = new GrainMethod(method);
        }
        var duplicate = methods.Values.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"{@interface.Name} overloads {duplicate.Key}; grain methods need unique names.");
        Methods = methods;
        MethodsByName = methods.Values.ToDictionary(m => m.Name);
    }

    public Type Interface { get; }
    public string GrainType { get; }
    public IReadOnlyDictionary<MethodInfo, GrainMethod> Methods { get; }
    public IReadOnlyDictionary<string, GrainMethod> MethodsByName { get; }

    /// <summary>The implementation hosted by this process, if any (a pure client has none).</summary>
    public GrainClassInfo? Class { get; internal set; }
}

/// <summary>
/// Maps grain interfaces to type names and (in a silo) to implementation classes. The type name is
/// [GrainType] on the interface, else the interface name without the leading I and trailing Grain,
/// lower-cased (IGitLinkGrain → gitlink).
/// </summary>
public sealed class GrainTypeRegistry
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceInfo> _byInterface = new();
    private readonly ConcurrentDictionary<string, GrainInterfaceInfo> _byName = new(StringComparer.Ordinal);

    public GrainInterfaceInfo GetInterface(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var info) ? info : AddInterface(grainInterface);

    public GrainInterfaceInfo? FindByName(string grainType) =>
        _byName.TryGetValue(grainType, out var info) ? info : null;

    public IEnumerable<GrainInterfaceInfo> Interfaces => _byInterface.Values;

    public void AddGrain(Type grainInterface, Type implementation)
    {
        if (!grainInterface.IsAssignableFrom(implementation))
            throw new ArgumentException($"{implementation.Name} does not implement {grainInterface.Name}.");
        var info = GetInterface(grainInterface);
        info.Class = new GrainClassInfo(info, implementation);
    }

    /// <summary>Registers every non-abstract Grain subclass in the assembly under its grain interfaces.</summary>
    public void AddGrainsFrom(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(Grain))))
        {
            foreach (var grainInterface in type.GetInterfaces().Where(IsGrainInterface))
                AddGrain(grainInterface, type);
        }
    }

    public static string TypeNameOf(Type grainInterface)
    {
        var pinned = grainInterface.GetCustomAttribute<GrainTypeAttribute>();
        if (pinned is not null)
            return pinned.Name;
        var name = grainInterface.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
            name = name[1..];
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > 5)
            name = name[..^5];
        return name.ToLowerInvariant();
    }

    private static bool IsGrainInterface(Type type) =>
        type.IsInterface && typeof(IGrainWithStringKey).IsAssignableFrom(type)
        && type != typeof(IGrainWithStringKey) && type != typeof(IRemindable);

    private GrainInterfaceInfo AddInterface(Type grainInterface)
    {
        if (!IsGrainInterface(grainInterface))
            throw new ArgumentException($"{grainInterface.Name} is not a grain interface (it must extend IGrainWithStringKey).");
        var info = new GrainInterfaceInfo(grainInterface, TypeNameOf(grainInterface));
        if (!_byName.TryAdd(info.GrainType, info) && _byName[info.GrainType].Interface != grainInterface)
            throw new ArgumentException($"Grain type name '{info.GrainType}' is used by {_byName[info.GrainType].Interface.Name} and {grainInterface.Name}.");
        return _byInterface.GetOrAdd(grainInterface, info);
    }
}
