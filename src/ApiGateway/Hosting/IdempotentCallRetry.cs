using System.Collections.Concurrent;
using System.Reflection;
using GitIntegration.Grains.Interfaces;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// Repeats a grain call marked <see cref="IdempotentAttribute"/> when the silo running it went away before answering
/// (killed, cut off, or shutting down), so the cluster's failover does not reach the HTTP caller as an error. Calls
/// without the mark are never repeated: their outcome is unknown, and that is what the caller is told.
/// </summary>
internal sealed class IdempotentCallRetry(ILogger<IdempotentCallRetry> logger) : IOutgoingGrainCallFilter
{
    // Long enough for membership to declare a killed silo dead and move its grains.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(45);
    private static readonly ConcurrentDictionary<MethodInfo, bool> Idempotent = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (!Idempotent.GetOrAdd(context.InterfaceMethod, m => m.GetCustomAttribute<IdempotentAttribute>() is not null))
        {
            await context.Invoke();
            return;
        }
        var giveUpAt = DateTime.UtcNow + GiveUpAfter;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Exception e) when (IsSiloFailure(e) && DateTime.UtcNow + delay < giveUpAt)
            {
                logger.LogInformation("{Method} on {Grain} failed ({Failure}); the cluster is moving it, calling again", context.MethodName, context.TargetId, e.GetType().Name);
                await Task.Delay(delay);
                delay = delay * 2 < TimeSpan.FromSeconds(2) ? delay * 2 : TimeSpan.FromSeconds(2);
            }
        }
    }

    private static bool IsSiloFailure(Exception e) =>
        e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or TimeoutException;
}
