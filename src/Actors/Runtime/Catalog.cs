using System.Collections.Concurrent;
using GitIntegration.Actors.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Runtime;

/// <summary>
/// The activations of this process: at most one per grain id, created on first call, removed only
/// after OnDeactivateAsync has finished, so a new activation never overlaps the old one.
/// </summary>
internal sealed class Catalog
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly IServiceProvider _services;

    internal IServiceProvider Services => _services;
    private readonly IPartitionOwnership _ownership;
    private readonly ActorsOptions _options;
    private readonly ILogger<Catalog> _logger;
    private int _count;
    private volatile bool _stopping;

    public Catalog(IServiceProvider services, IPartitionOwnership ownership, IOptions<ActorsOptions> options, ILogger<Catalog> logger)
    {
        _services = services;
        _ownership = ownership;
        _options = options.Value;
        _logger = logger;
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Raised when the count passes MaxActivations, so the collector can evict.</summary>
    public event Action? CapacityExceeded;

    internal IEnumerable<ActivationData> Activations => _activations.Values;

    public bool IsActive(GrainId id) => _activations.ContainsKey(id);

    public async Task<T> InvokeAsync<T>(GrainId id, GrainClassInfo grainClass, GrainMethod method, object?[] args, long deadline)
    {
        var interleave = grainClass.Reentrant || method.AlwaysInterleave;
        var entering = EnterAsync(id, grainClass, interleave, deadline, method.Name);
        var activation = entering.IsCompletedSuccessfully ? entering.Result : await entering;
        try
        {
            var task = method.Invoke(activation.Grain!, args);
            await task;
            return method.ResultOf<T>(task);
        }
        finally
        {
            Exit(activation, interleave);
        }
    }

    /// <summary>
    /// Resolves (creating if needed) the grain's activation and enters a turn on it, or joins it as an
    /// interleaving request. The caller must call <see cref="Exit"/> when its work is done.
    /// </summary>
    internal async ValueTask<ActivationData> EnterAsync(GrainId id, GrainClassInfo grainClass, bool interleave, long deadline, string what)
    {
        while (true)
        {
            var activation = GetOrCreate(id, grainClass);
            if (interleave)
            {
                if (await activation.EnterInterleavedAsync())
                    return CheckOwnership(activation, interleave);
                continue;
            }
            var entered = activation.EnterTurnAsync(deadline);
            var grant = entered.IsCompletedSuccessfully ? entered.Result : await entered;
            if (grant == TurnGrant.Granted)
                return CheckOwnership(activation, interleave);
            if (grant == TurnGrant.Expired)
                throw new GrainCallTimeoutException($"Call to {id}.{what} expired while queued.");
        }
    }

    internal static void Exit(ActivationData activation, bool interleave, bool countsAsActivity = true)
    {
        if (interleave)
            activation.ExitInterleaved(countsAsActivity);
        else
            activation.ExitTurn(countsAsActivity);
    }

    // A cluster silo may have lost the partition since the activation was created: its lease epoch moved on
    // or ran out. Then the activation must not serve; the caller routes again.
    private ActivationData CheckOwnership(ActivationData activation, bool interleave)
    {
        if (_ownership.TryGetEpoch(activation.Partition, out var epoch) && epoch == activation.Epoch)
            return activation;
        Exit(activation, interleave, countsAsActivity: false);
        Deactivate(activation, new DeactivationReason(DeactivationReasonCode.PartitionLost, $"partition {activation.Partition} is no longer held at epoch {activation.Epoch}"));
        throw new PartitionNotOwnedException(activation.Partition);
    }

    /// <summary>Runs a timer callback as a turn of its activation (or interleaved); nothing if the activation is gone.</summary>
    internal async Task RunTurnAsync(ActivationData activation, Func<Grain, Task> work, bool interleave, bool countsAsActivity)
    {
        if (interleave)
        {
            if (!await activation.EnterInterleavedAsync())
                return;
        }
        else if (await activation.EnterTurnAsync(long.MaxValue) != TurnGrant.Granted)
        {
            return;
        }
        try { await work(activation.Grain!); }
        finally { Exit(activation, interleave, countsAsActivity); }
    }

    public ActivationData GetOrCreate(GrainId id, GrainClassInfo grainClass)
    {
        if (_activations.TryGetValue(id, out var existing))
            return existing;
        if (_stopping)
            throw new InvalidOperationException("This silo is shutting down and takes no new activations.");
        if (!_ownership.TryGetEpoch(id.Partition, out var epoch))
            throw new PartitionNotOwnedException(id.Partition);

        var created = new ActivationData(id, grainClass, this, epoch);
        var winner = _activations.GetOrAdd(id, created);
        if (ReferenceEquals(winner, created))
        {
            if (Interlocked.Increment(ref _count) > _options.MaxActivations)
                CapacityExceeded?.Invoke();
            _ = Task.Run(() => ActivateAsync(created));
        }
        return winner;
    }

    private async Task ActivateAsync(ActivationData activation)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.ActivationTimeout);
            var grain = activation.Class.Create(_services, activation);
            activation.Grain = grain;
            foreach (var state in activation.States)
                await state.LoadAsync(timeout.Token);
            await grain.OnActivateAsync(timeout.Token);
            activation.CompleteActivation();
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Activation of {GrainId} failed", activation.Id);
            Remove(activation);
            activation.FailActivation(error);
        }
    }

    /// <summary>Deactivates the activation now, or after its current work when it is busy.</summary>
    public void Deactivate(ActivationData activation, DeactivationReason reason)
    {
        if (activation.TryBeginDeactivation(reason))
            RunDeactivation(activation, reason);
    }

    /// <summary>Deactivates the activation only if it has been idle since the cutoff (TickCount64).</summary>
    public bool DeactivateIfIdle(ActivationData activation, long cutoff, DeactivationReason reason)
    {
        if (!activation.TryBeginDeactivation(reason, onlyIfIdleSince: true, cutoff))
            return false;
        RunDeactivation(activation, reason);
        return true;
    }

    internal void RunDeactivation(ActivationData activation, DeactivationReason reason) =>
        _ = Task.Run(() => DeactivateAsync(activation, reason));

    private async Task DeactivateAsync(ActivationData activation, DeactivationReason reason)
    {
        foreach (var timer in activation.TakeTimers())
            timer.Stop();
        try
        {
            if (activation.Grain is { } grain)
            {
                using var timeout = new CancellationTokenSource(_options.DeactivationTimeout);
                await grain.OnDeactivateAsync(reason, timeout.Token).WaitAsync(_options.DeactivationTimeout);
            }
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "OnDeactivateAsync of {GrainId} failed", activation.Id);
        }
        finally
        {
            Remove(activation);
            activation.CompleteDeactivation();
        }
    }

    private void Remove(ActivationData activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.Id, activation)))
            Interlocked.Decrement(ref _count);
    }

    /// <summary>Stops taking activations and deactivates every one, waiting up to the timeout.</summary>
    public async Task DeactivateAllAsync(DeactivationReason reason, TimeSpan timeout)
    {
        _stopping = true;
        await DeactivateWhereAsync(_ => true, reason, timeout);
    }

    /// <summary>Deactivates the activations that match (a partition handed over, say) and waits for them.</summary>
    public async Task DeactivateWhereAsync(Func<ActivationData, bool> match, DeactivationReason reason, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        // Again until none is left: one created while the first ones went is caught by the next pass.
        while (_activations.Values.Where(match).ToList() is { Count: > 0 } targets)
        {
            foreach (var activation in targets)
                Deactivate(activation, reason);
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
                return;
            try
            {
                await Task.WhenAll(targets.Select(a => a.WhenGone())).WaitAsync(TimeSpan.FromMilliseconds(remaining));
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("{Count} activations were still busy when their deactivation time ran out", targets.Count(a => !a.WhenGone().IsCompleted));
                return;
            }
        }
    }
}
