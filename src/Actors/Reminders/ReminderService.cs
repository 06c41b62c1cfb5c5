using GitIntegration.Actors.Hosting;
using GitIntegration.Actors.Runtime;
using GitIntegration.Actors.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Reminders;

/// <summary>
/// Fires durable reminders on the process that owns their partition. Rows due within the load window are
/// read from the table (by partition and due time) into an in-memory schedule; a tick that fails is
/// retried, a one-shot row is deleted only after its tick succeeded, and a periodic one moves to its next
/// due time after now, so a reminder that fell due while the process was down fires once after start.
/// </summary>
internal sealed class ReminderService(
    IReminderTable table,
    Catalog catalog,
    GrainTypeRegistry registry,
    IPartitionOwnership ownership,
    IOptions<ActorsOptions> options,
    ILogger<ReminderService> logger) : IAsyncDisposable
{
    private readonly ActorsOptions _options = options.Value;
    private readonly ReminderSchedule _schedule = new();
    private readonly SemaphoreSlim _concurrency = new(options.Value.ReminderTickConcurrency);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private Task? _pollLoop;
    private Task? _fireLoop;

    public int Scheduled => _schedule.Count;

    public void Start()
    {
        _pollLoop = Task.Run(PollLoopAsync);
        _fireLoop = Task.Run(FireLoopAsync);
    }

    public async Task<IGrainReminder> RegisterAsync(ActivationData activation, string name, DateTimeOffset dueAt, TimeSpan period)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 150)
            throw new ArgumentException("Reminder name must be 1 to 150 characters.", nameof(name));
        if (period < TimeSpan.Zero || period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan && period < _options.MinimumReminderPeriod)
            throw new ArgumentOutOfRangeException(nameof(period), $"A reminder period must be zero (one-shot) or at least {_options.MinimumReminderPeriod}.");
        if (!activation.Class.IsRemindable)
            throw new InvalidOperationException($"{activation.Class.Implementation.Name} must implement IRemindable to register reminders.");
        if (period == Timeout.InfiniteTimeSpan)
            period = TimeSpan.Zero;
        var entry = new ReminderEntry(activation.Id, name, UnixTime.Truncate(dueAt), period);
        await table.UpsertAsync(entry, _stop.Token);
        if (entry.DueAt <= DateTimeOffset.UtcNow + _options.ReminderLoadWindow)
        {
            _schedule.Put(entry);
            _wake.Release();
        }
        else
        {
            _schedule.Remove(entry.GrainId, name);
        }
        return new GrainReminder(name, entry.DueAt, period);
    }

    public async Task UnregisterAsync(ActivationData activation, string name)
    {
        // The row goes first: a poll that starts after the schedule change must not find it any more.
        await table.DeleteAsync(activation.Id, name, _stop.Token);
        _schedule.Remove(activation.Id, name);
    }

    public async Task<IGrainReminder?> GetAsync(ActivationData activation, string name)
    {
        var entry = await table.ReadAsync(activation.Id, name, _stop.Token);
        return entry is null ? null : new GrainReminder(entry.Name, entry.DueAt, entry.Period);
    }

    /// <summary>Reads due rows now instead of at the next poll (after taking over partitions, say).</summary>
    public void PollNow() => _wake.Release();

    private async Task PollLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var readSequence = _schedule.Sequence;
                var until = DateTimeOffset.UtcNow + _options.ReminderLoadWindow;
                var due = await table.ReadDueAsync(until, ownership.OwnedPartitions, _options.ReminderBatchSize, _stop.Token);
                if (_schedule.Load(due, readSequence) > 0)
                    _wake.Release();
                _schedule.ForgetChangesOlderThan(_options.ReminderPollInterval * 4 + TimeSpan.FromMinutes(1));
                await Task.Delay(due.Count >= _options.ReminderBatchSize ? TimeSpan.FromMilliseconds(250) : _options.ReminderPollInterval, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogWarning(error, "Reading due reminders failed; retrying");
                await Delay(_options.ReminderPollInterval);
            }
        }
    }

    private async Task FireLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var now = DateTimeOffset.UtcNow;
            while (_schedule.TakeDue(now) is var (entry, takenAt))
            {
                await _concurrency.WaitAsync(_stop.Token).ConfigureAwait(false);
                _ = FireAsync(entry, takenAt);
            }
            var wait = _schedule.NextDue is { } next ? next - DateTimeOffset.UtcNow : _options.ReminderPollInterval;
            if (wait > _options.ReminderPollInterval)
                wait = _options.ReminderPollInterval;
            if (wait > TimeSpan.Zero)
            {
                try { await _wake.WaitAsync(wait, _stop.Token); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task FireAsync(ReminderEntry entry, long takenAt)
    {
        try
        {
            var grainClass = registry.FindByName(entry.GrainId.Type)?.Class;
            if (grainClass is null || !ownership.TryGetEpoch(entry.Partition, out _))
                return; // not hosted here; the row stays for its owner
            if (!await DeliverAsync(entry, grainClass, takenAt))
                return; // unregistered or re-registered while the tick waited for its turn
            var next = entry.Period > TimeSpan.Zero ? NextDueAfter(entry, DateTimeOffset.UtcNow) : (DateTimeOffset?)null;
            var completed = await table.CompleteAsync(entry, next, _stop.Token);
            if (completed && next is { } nextDue && nextDue <= DateTimeOffset.UtcNow + _options.ReminderLoadWindow)
                _schedule.PutNext(entry with { DueAt = nextDue });
        }
        catch (Exception error) when (!_stop.IsCancellationRequested)
        {
            logger.LogWarning(error, "Reminder {Name} of {GrainId} failed; it will be retried", entry.Name, entry.GrainId);
            var retryAt = UnixTime.Truncate(DateTimeOffset.UtcNow + _options.ReminderRetryDelay);
            try { await table.CompleteAsync(entry, entry.Period > TimeSpan.Zero ? NextDueAfter(entry, retryAt) : retryAt, _stop.Token); }
            catch (Exception writeError) { logger.LogWarning(writeError, "Rescheduling reminder {Name} of {GrainId} failed", entry.Name, entry.GrainId); }
        }
        catch (Exception)
        {
            // Shutting down: the row is still in the table and fires after the next start.
        }
        finally
        {
            _schedule.Completed(entry);
            _concurrency.Release();
        }
    }

    /// <summary>Runs ReceiveReminder as a turn of the grain, unless the reminder changed since the tick was taken.</summary>
    private async Task<bool> DeliverAsync(ReminderEntry entry, GrainClassInfo grainClass, long takenAt)
    {
        var deadline = Environment.TickCount64 + (long)_options.CallTimeout.TotalMilliseconds;
        var activation = await catalog.EnterAsync(entry.GrainId, grainClass, grainClass.Reentrant, deadline, nameof(IRemindable.ReceiveReminder));
        try
        {
            if (!_schedule.IsCurrent(entry, takenAt))
                return false;
            await ((IRemindable)activation.Grain!).ReceiveReminder(entry.Name, new TickStatus(entry.DueAt, entry.Period, entry.DueAt));
            return true;
        }
        finally
        {
            Catalog.Exit(activation, grainClass.Reentrant);
        }
    }

    private static DateTimeOffset NextDueAfter(ReminderEntry entry, DateTimeOffset after)
    {
        var periods = Math.Max(1, (long)Math.Ceiling((after - entry.DueAt) / entry.Period));
        var next = entry.DueAt + entry.Period * periods;
        return UnixTime.Truncate(next <= after ? next + entry.Period : next);
    }

    private async Task Delay(TimeSpan delay)
    {
        try { await Task.Delay(delay, _stop.Token); }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        _stop.Cancel();
        foreach (var loop in new[] { _pollLoop, _fireLoop })
        {
            if (loop is null)
                continue;
            try { await loop; }
            catch (OperationCanceledException) { }
        }
        // Let ticks already running finish (bounded), so their rows are completed rather than re-fired.
        var deadline = Environment.TickCount64 + 5_000;
        while (_concurrency.CurrentCount < _options.ReminderTickConcurrency && Environment.TickCount64 < deadline)
            await Task.Delay(10);
    }
}
