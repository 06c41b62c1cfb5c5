namespace GitIntegration.Actors.Runtime;

/// <summary>
/// Delivers a call to a grain: in-process to the local catalog, or in a cluster to the silo that owns
/// the grain's partition. Proxies only ever talk to this.
/// </summary>
public interface IGrainCallInvoker
{
    Task<T> InvokeAsync<T>(GrainId id, GrainMethod method, object?[] args);
}
