using System.Reflection;
using GitIntegration.Actors.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Actors.Hosting;

/// <summary>Declares the grains a process hosts.</summary>
public sealed class ActorsBuilder(IServiceCollection services, GrainTypeRegistry registry)
{
    public IServiceCollection Services { get; } = services;
    public GrainTypeRegistry Registry { get; } = registry;

    public ActorsBuilder AddGrain<TGrainInterface, TGrain>()
        where TGrainInterface : IGrainWithStringKey
        where TGrain : Grain, TGrainInterface
    {
        Registry.AddGrain(typeof(TGrainInterface), typeof(TGrain));
        return this;
    }

    public ActorsBuilder AddGrainsFromAssembly(Assembly assembly)
    {
        Registry.AddGrainsFrom(assembly);
        return this;
    }
}
