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
        while (true)
        {
            var activation = GetOrCreate(id, grainClass);
            if (interleave)
            {
                if (!await activation.EnterInterleavedAsync())
                    continue;
                try
                {
                    var task = method.Invoke(activation.Grain!, args);
                    await task;
                    return method.ResultOf<T>(task);
                }
                finally
                {
                    activation.ExitInterleaved();
                }
            }

            var entered = activation.EnterTurnAsync(deadline);
            var grant = entered.IsCompletedSuccessfully ? entered.Result : await entered;
            if (grant == TurnGrant.Retry)
                continue;
            if (grant == TurnGrant.Expired)
                throw new GrainCallTimeoutException($"Call to {id}.{method.Name} expired while queued.");
            try
            {
                var task = method.Invoke(activation.Grain!, args);
                await task;
                return method.ResultOf<T>(task);
            }
            finally
            {
                activation.ExitTurn();
            }
        }
    }

    /// <summary>Runs work as a turn of the grain's activation (timers, reminders); creates it if needed.</summary>
    internal async Task RunTurnAsync(ActivationData activation, Func<Grain, Task> work, bool interleave, bool countsAsActivity)
    {
        if (interleave)
        {
            if (!await activation.EnterInterleavedAsync())
                return;
            try { await work(activation.Grain!); }
            finally { activation.ExitInterleaved(countsAsActivity); }
            return;
        }
        if (await activation.EnterTurnAsync(long.MaxValue) != TurnGrant.Granted)
            return;
        try { await work(activation.Grain!); }
        finally { activation.ExitTurn(countsAsActivity); }
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
        foreach (var activation in _activations.Values.Where(match))
            Deactivate(activation, reason);
        while (_activations.Values.Any(match) && Environment.TickCount64 < deadline)
            await Task.Delay(10);
    }
}
