using GitIntegration.Actors.Hosting;
using GitIntegration.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Cluster;

/// <summary>
/// Routes a call to the silo that owns the grain's partition: this process when it is a silo that owns it,
/// otherwise over HTTP/2 to the owner from the partition map. A "not owner" answer, an unreachable silo, or
/// (for idempotent methods) a silo that died mid-call refreshes the map and tries again until the call timeout.
/// </summary>
internal sealed class ClusterGrainCallInvoker(
    PartitionMap map,
    RemoteGrainClient remote,
    GrainTypeRegistry registry,
    IPartitionOwnership ownership,
    IOptions<ActorsOptions> options,
    Catalog? localCatalog) : IGrainCallInvoker
{
    private readonly TimeSpan _timeout = options.Value.CallTimeout;

    public async Task<T> InvokeAsync<T>(GrainId id, GrainMethod method, object?[] args)
    {
        var deadline = Environment.TickCount64 + (long)_timeout.TotalMilliseconds;
        var partition = id.Partition;
        for (var attempt = 0; ; attempt++)
        {
            if (localCatalog is not null && ownership.TryGetEpoch(partition, out _))
            {
                try
                {
                    return await InvokeLocallyAsync<T>(id, method, args, deadline);
                }
                catch (PartitionNotOwnedException)
                {
                    map.Invalidate(); // lost it meanwhile; whoever took it over answers next
                }
            }
            else if (await OwnerOrNullAsync(partition, deadline) is { } owner)
            {
                var (outcome, result) = await remote.SendAsync<T>(owner, id, method, args, deadline);
                if (outcome == RemoteOutcome.Completed)
                    return result;
                if (outcome == RemoteOutcome.Interrupted && !method.Idempotent)
                    throw new GrainCallException(nameof(RemoteOutcome.Interrupted),
                        $"The silo running {id}.{method.Name} failed before answering; the call may or may not have taken effect.");
                map.Invalidate();
            }
            await BackOffAsync(attempt, deadline, id, method);
        }
    }

    private async Task<T> InvokeLocallyAsync<T>(GrainId id, GrainMethod method, object?[] args, long deadline)
    {
        var grainClass = registry.FindByName(id.Type)?.Class
                         ?? throw new InvalidOperationException($"No grain class is registered for grain type '{id.Type}'.");
        var call = localCatalog!.InvokeAsync<T>(id, grainClass, method, args, deadline);
        if (call.IsCompleted)
            return await call;
        try
        {
            return await call.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
        }
        catch (TimeoutException) when (!call.IsCompleted)
        {
            throw new GrainCallTimeoutException($"Call to {id}.{method.Name} did not complete within {_timeout.TotalSeconds:0.###} s.");
        }
    }

    private async Task<string?> OwnerOrNullAsync(int partition, long deadline)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Max(1, deadline - Environment.TickCount64)));
            return await map.OwnerOfAsync(partition, timeout.Token);
        }
        catch (Exception) when (Environment.TickCount64 < deadline)
        {
            return null; // the map could not be read (database briefly unreachable): back off and retry
        }
    }

    private static async Task BackOffAsync(int attempt, long deadline, GrainId id, GrainMethod method)
    {
        var delay = Math.Min(1000, 25 << Math.Min(attempt, 6));
        var remaining = deadline - Environment.TickCount64;
        if (remaining <= 0)
            throw new GrainCallTimeoutException($"Call to {id}.{method.Name} found no silo to run it before the call timeout.");
        await Task.Delay((int)Math.Min(delay, remaining));
    }
}
