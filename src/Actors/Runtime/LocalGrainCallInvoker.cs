using GitIntegration.Actors.Hosting;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Runtime;

/// <summary>Delivers calls to this process's catalog, bounded by the call timeout.</summary>
internal sealed class LocalGrainCallInvoker(Catalog catalog, GrainTypeRegistry registry, IOptions<ActorsOptions> options)
    : IGrainCallInvoker
{
    private readonly TimeSpan _timeout = options.Value.CallTimeout;

    public Task<T> InvokeAsync<T>(GrainId id, GrainMethod method, object?[] args)
    {
        var grainClass = registry.FindByName(id.Type)?.Class
                         ?? throw new InvalidOperationException($"No grain class is registered for grain type '{id.Type}'.");
        var deadline = Environment.TickCount64 + (long)_timeout.TotalMilliseconds;
        var call = catalog.InvokeAsync<T>(id, grainClass, method, args, deadline);
        return call.IsCompleted ? call : WithTimeout(call, id, method);
    }

    private async Task<T> WithTimeout<T>(Task<T> call, GrainId id, GrainMethod method)
    {
        try
        {
            return await call.WaitAsync(_timeout);
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            throw new GrainCallTimeoutException($"Call to {id}.{method.Name} did not complete within {_timeout.TotalSeconds:0.###} s.");
        }
    }
}
