namespace GitIntegration.Actors.Runtime;

/// <summary>
/// A timer bound to one activation. Each tick runs as a turn (or interleaved when asked); the next
/// tick is armed only after the callback finished, so it never overlaps itself.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly GrainTimerCreationOptions _options;
    private readonly Timer _timer;
    private readonly CancellationTokenSource _stopped = new();
    private TimeSpan _period;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _options = options;
        _period = options.Period;
        _timer = new Timer(static s => ((GrainTimer)s!).Tick(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public void Start() => Arm(_options.DueTime);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        Arm(dueTime);
    }

    public void Dispose()
    {
        Stop();
        _activation.RemoveTimer(this);
    }

    internal void Stop()
    {
        if (_stopped.IsCancellationRequested)
            return;
        _stopped.Cancel();
        _timer.Dispose();
    }

    private void Arm(TimeSpan due)
    {
        if (_stopped.IsCancellationRequested)
            return;
        try { _timer.Change(due, Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { }
    }

    private async void Tick()
    {
        try
        {
            await _activation.Catalog.RunTurnAsync(_activation, _ => _callback(_stopped.Token), _options.Interleave, _options.KeepAlive);
        }
        catch (Exception)
        {
            // Orleans semantics: a failing callback is logged by the grain and the schedule continues.
        }
        if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            Arm(_period);
    }
}
