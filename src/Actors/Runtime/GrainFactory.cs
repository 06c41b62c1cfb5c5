namespace GitIntegration.Actors.Runtime;

/// <summary>Creates grain references that send their calls through the configured invoker.</summary>
public sealed class GrainFactory(GrainTypeRegistry registry, IGrainCallInvoker invoker) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        GrainKeyRules.Validate(key);
        var info = registry.GetInterface(typeof(TGrainInterface));
        return GrainProxy.Create<TGrainInterface>(new GrainId(info.GrainType, key), info, invoker);
    }
}
