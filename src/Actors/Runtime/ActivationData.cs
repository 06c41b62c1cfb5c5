namespace GitIntegration.Actors.Runtime;

internal enum ActivationStatus { Activating, Valid, Deactivating, Invalid }

/// <summary>How a queued request leaves the queue.</summary>
internal enum TurnGrant { Granted, Retry, Expired }

/// <summary>
/// One live activation and its turn scheduler. A non-interleaving request holds the turn from its start
/// until its task completes, so no other request sees its effects half-done. Waiting requests queue in
/// arrival order; the activation itself holds the first turn while it activates.
/// </summary>
internal sealed class ActivationData
{
    [ThreadStatic] internal static ActivationData? Constructing;

    private ActivationStatus _status = ActivationStatus.Activating;
    private bool _busy = true;
    private Queue<Waiter>? _waiting;
    private int _interleaved;
    private long _lastActive;
    private DeactivationReason? _requestedDeactivation;
    private List<GrainTimer>? _timers;
    private List<IStateLoader>? _states;
    private TaskCompletionSource<bool>? _activated;
    private TaskCompletionSource? _gone;

    internal ActivationData(GrainId id, GrainClassInfo grainClass, Catalog catalog, long epoch)
    {
        Id = id;
        Class = grainClass;
        Catalog = catalog;
        Partition = id.Partition;
        Epoch = epoch;
        _lastActive = Environment.TickCount64;
    }

    public GrainId Id { get; }
    internal GrainClassInfo Class { get; }
    internal Catalog Catalog { get; }
    internal Grain? Grain { get; set; }
    internal int Partition { get; }

    /// <summary>The partition lease epoch this activation was created under (fencing).</summary>
    internal long Epoch { get; }

    internal long LastActive => Volatile.Read(ref _lastActive);
    internal IReadOnlyList<IStateLoader> States => (IReadOnlyList<IStateLoader>?)_states ?? [];

    internal bool IsIdleSince(long cutoff)
    {
        lock (this)
            return _status == ActivationStatus.Valid && !_busy && _interleaved == 0
                   && (_waiting is null || _waiting.Count == 0) && _lastActive <= cutoff;
    }

    internal void AddState(IStateLoader state) => (_states ??= []).Add(state);

    internal void AddTimer(GrainTimer timer)
    {
        lock (this)
            (_timers ??= []).Add(timer);
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (this)
            _timers?.Remove(timer);
    }

    /// <summary>Asks to enter a turn. Completes with Granted (caller must call ExitTurn), Retry when
    /// this activation is going away (resolve again), or faults when activation failed.</summary>
    internal ValueTask<TurnGrant> EnterTurnAsync(long deadline)
    {
        lock (this)
        {
            if (_status == ActivationStatus.Invalid)
                return new ValueTask<TurnGrant>(TurnGrant.Retry);
            if (_status == ActivationStatus.Valid && !_busy && _requestedDeactivation is null)
            {
                _busy = true;
                return new ValueTask<TurnGrant>(TurnGrant.Granted);
            }
            var waiter = new Waiter(deadline);
            (_waiting ??= new Queue<Waiter>()).Enqueue(waiter);
            return new ValueTask<TurnGrant>(waiter.Task);
        }
    }

    /// <summary>Ends the current turn and hands it to the next waiter that is still within its deadline.</summary>
    internal void ExitTurn(bool countsAsActivity = true)
    {
        bool deactivate;
        lock (this)
        {
            if (countsAsActivity)
                _lastActive = Environment.TickCount64;
            deactivate = _requestedDeactivation is not null && _interleaved == 0;
            if (deactivate)
                _status = ActivationStatus.Deactivating;
            else if (!GrantNextLocked())
                _busy = false;
        }
        if (deactivate)
            Catalog.RunDeactivation(this, _requestedDeactivation!.Value);
    }

    /// <summary>Waits until the activation is usable for an interleaving request; false means resolve again.</summary>
    internal ValueTask<bool> EnterInterleavedAsync()
    {
        lock (this)
        {
            if (_status == ActivationStatus.Valid)
            {
                _interleaved++;
                return new ValueTask<bool>(true);
            }
            if (_status != ActivationStatus.Activating)
                return new ValueTask<bool>(false);
            _activated ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask<bool>(WaitActivatedThenEnter(_activated.Task));
        }
    }

    private async Task<bool> WaitActivatedThenEnter(Task<bool> activated) =>
        await activated && (await EnterInterleavedAsync());

    internal void ExitInterleaved(bool countsAsActivity = true)
    {
        bool deactivate;
        lock (this)
        {
            _interleaved--;
            if (countsAsActivity)
                _lastActive = Environment.TickCount64;
            deactivate = _requestedDeactivation is not null && _interleaved == 0 && !_busy;
            if (deactivate)
            {
                _status = ActivationStatus.Deactivating;
                _busy = true;
            }
        }
        if (deactivate)
            Catalog.RunDeactivation(this, _requestedDeactivation!.Value);
    }

    internal void CompleteActivation()
    {
        TaskCompletionSource<bool>? activated;
        lock (this)
        {
            _status = ActivationStatus.Valid;
            activated = _activated;
            if (_requestedDeactivation is null && !GrantNextLocked())
                _busy = false;
        }
        activated?.TrySetResult(true);
        if (_requestedDeactivation is not null)
            ExitTurn();
    }

    internal void FailActivation(Exception error)
    {
        List<Waiter> waiters;
        TaskCompletionSource<bool>? activated;
        lock (this)
        {
            _status = ActivationStatus.Invalid;
            waiters = DrainLocked();
            activated = _activated;
        }
        _gone?.TrySetResult();
        activated?.TrySetException(error);
        foreach (var waiter in waiters)
            waiter.TrySetException(error);
    }

    /// <summary>Starts deactivation now if the activation is idle, otherwise once the current work ends.</summary>
    internal bool TryBeginDeactivation(DeactivationReason reason, bool onlyIfIdleSince = false, long cutoff = 0)
    {
        lock (this)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
                return false;
            var idle = !_busy && _interleaved == 0 && (_waiting is null || _waiting.Count == 0);
            if (onlyIfIdleSince && (!idle || _lastActive > cutoff || _status != ActivationStatus.Valid))
                return false;
            if (_busy || _interleaved > 0 || _status == ActivationStatus.Activating)
            {
                _requestedDeactivation ??= reason;
                return false;
            }
            _requestedDeactivation = reason;
            _status = ActivationStatus.Deactivating;
            _busy = true;
            return true;
        }
    }

    /// <summary>Completes once this activation has been removed (deactivated, or its activation failed).</summary>
    internal Task WhenGone()
    {
        lock (this)
        {
            if (_status == ActivationStatus.Invalid)
                return Task.CompletedTask;
            _gone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _gone.Task;
        }
    }

    internal List<GrainTimer> TakeTimers()
    {
        lock (this)
        {
            var timers = _timers ?? [];
            _timers = null;
            return timers;
        }
    }

    /// <summary>Marks the activation gone; everything still queued resolves again to a new activation.</summary>
    internal void CompleteDeactivation()
    {
        List<Waiter> waiters;
        TaskCompletionSource<bool>? activated;
        lock (this)
        {
            _status = ActivationStatus.Invalid;
            waiters = DrainLocked();
            activated = _activated;
        }
        _gone?.TrySetResult();
        activated?.TrySetResult(false);
        foreach (var waiter in waiters)
            waiter.TrySetResult(TurnGrant.Retry);
    }

    private bool GrantNextLocked()
    {
        while (_waiting is { Count: > 0 })
        {
            var next = _waiting.Dequeue();
            if (Environment.TickCount64 > next.Deadline)
            {
                next.TrySetResult(TurnGrant.Expired);
                continue;
            }
            if (next.TrySetResult(TurnGrant.Granted))
                return true;
        }
        return false;
    }

    private List<Waiter> DrainLocked()
    {
        var waiters = _waiting is null ? [] : new List<Waiter>(_waiting);
        _waiting?.Clear();
        return waiters;
    }

    private sealed class Waiter(long deadline) : TaskCompletionSource<TurnGrant>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long Deadline { get; } = deadline;
    }
}
