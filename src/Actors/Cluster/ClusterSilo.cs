using System.Collections.Concurrent;
using GitIntegration.Actors.Reminders;
using GitIntegration.Actors.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Cluster;

/// <summary>
/// A silo's life in the cluster: registers, then every RenewInterval heartbeats and renews its leases, takes
/// free or expired partitions up to its fair share and hands surplus ones back (deactivate, flush, release).
/// Partitions whose lease it cannot renew in time stop being served. On shutdown it hands everything back
/// before the web server and the runtime stop, so calls move to the other silos without failing.
/// </summary>
public sealed class ClusterSilo : IHostedLifecycleService
{
    private readonly LeaseTable _table;
    private readonly PartitionLeaseManager _leases;
    private readonly Catalog _catalog;
    private readonly ReminderService _reminders;
    private readonly ClusterOptions _options;
    private readonly ILogger<ClusterSilo> _logger;
    private readonly ConcurrentDictionary<int, byte> _draining = new();
    private readonly CancellationTokenSource _stop = new();

    // A renewal's answer and the local lease state must be reconciled without a release slipping in between:
    // otherwise a partition released just after the renewal read it would be taken back locally while another
    // silo acquires it. Renew+reconcile+acquire, release+forget and forget-lapsed each run under this lock.
    private readonly SemaphoreSlim _leaseChanges = new(1, 1);
    private Task? _loop;
    private Task _handOver = Task.CompletedTask;
    private volatile bool _shuttingDown;
    private int _rounds;
    private bool _failing;

    internal ClusterSilo(LeaseTable table, PartitionLeaseManager leases, Catalog catalog, ReminderService reminders,
        IOptions<ClusterOptions> options, ILogger<ClusterSilo> logger)
    {
        _table = table;
        _leases = leases;
        _catalog = catalog;
        _reminders = reminders;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>True while registered and not shutting down (readiness).</summary>
    public bool IsServing => _loop is not null && !_shuttingDown;

    public int ServedPartitions => _leases.ServingCount;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Runs after SiloRuntime.StartAsync applied the migrations.
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _options.Validate();
        var address = _options.AdvertisedAddress ?? throw new InvalidOperationException("ClusterOptions.AdvertisedAddress is required for a silo.");
        await _table.RegisterSiloAsync(_options.SiloId, address, cancellationToken);
        await RoundAsync(cancellationToken);
        _loop = Task.Run(LoopAsync);
        _logger.LogInformation("Silo {SiloId} joined at {Address} serving {Count} partitions", _options.SiloId, address, _leases.ServingCount);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _shuttingDown = true;
        try
        {
            await _table.SetStatusAsync(_options.SiloId, "shutting_down", cancellationToken);
            await _handOver;
            await DrainAsync(_leases.Held, ShutdownHandOverLimit, cancellationToken);
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "Handing partitions over on shutdown failed; they move when their leases expire");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stop.Cancel();
        if (_loop is not null)
            await _loop;
        try { await _table.SetStatusAsync(_options.SiloId, "dead", CancellationToken.None); }
        catch (Exception error) { _logger.LogWarning(error, "Could not mark silo {SiloId} dead", _options.SiloId); }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(_options.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                await RoundAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        var sentAt = Environment.TickCount64;
        await _leaseChanges.WaitAsync(CancellationToken.None);
        try
        {
            var (held, activeSilos) = await _table.RenewAsync(_options.SiloId, _options.LeaseDuration, cancellationToken);
            Reconcile(held, sentAt);
            if (!_shuttingDown)
                await BalanceAsync(FairShare(activeSilos), cancellationToken);
            if (++_rounds % 600 == 0)
                await _table.DeleteLongDeadSilosAsync(TimeSpan.FromHours(1), cancellationToken);
            if (_failing)
                _logger.LogInformation("Silo {SiloId} reaches PostgreSQL again", _options.SiloId);
            _failing = false;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
                _logger.LogWarning(error, "Silo {SiloId} could not renew its leases; it stops serving them when they run out", _options.SiloId);
            _failing = true;
        }
        finally
        {
            _leaseChanges.Release();
        }
        await DropLapsedAsync();
    }

    // The table is the authority: extend what it renewed, give up what it no longer shows as ours.
    private void Reconcile(IReadOnlyList<PartitionLease> renewed, long sentAt)
    {
        var renewedByPartition = renewed.ToDictionary(l => l.Partition, l => l.Epoch);
        foreach (var lease in _leases.Held)
        {
            if (renewedByPartition.TryGetValue(lease.Partition, out var epoch) && epoch == lease.Epoch)
                _leases.Extend(lease, sentAt);
            else if (!_draining.ContainsKey(lease.Partition))
                _leases.StopServing(lease.Partition);
        }
        foreach (var lease in renewed)
        {
            // Renewed but unknown or given up locally (the database came back before the lease ran out).
            if (_leases.EpochOf(lease.Partition) != lease.Epoch || !_leases.IsServable(lease.Partition))
            {
                if (!_draining.ContainsKey(lease.Partition) && !_shuttingDown)
                    _leases.Grant(lease, sentAt);
            }
        }
    }

    // Shares add up to exactly 1024: the first (1024 mod N) silos by id hold one partition more than the rest.
    private int FairShare(IReadOnlyList<string> activeSilos)
    {
        var count = Math.Max(1, activeSilos.Count);
        var index = activeSilos.ToList().IndexOf(_options.SiloId);
        var share = PartitionHash.PartitionCount / count;
        return index >= 0 && index < PartitionHash.PartitionCount % count ? share + 1 : share;
    }

    private async Task BalanceAsync(int target, CancellationToken cancellationToken)
    {
        var owned = _leases.ServingCount;
        if (owned < target)
        {
            var sentAt = Environment.TickCount64;
            // Free and expired partitions are taken all at once (start-up, a dead silo); only hand-overs between
            // live silos are gradual, and those are paced by the releasing side.
            var acquired = await _table.AcquireAsync(_options.SiloId, target - owned, _options.LeaseDuration, cancellationToken);
            foreach (var lease in acquired)
                _leases.Grant(lease, sentAt);
            if (acquired.Count > 0)
            {
                _reminders.PollNow();
                _logger.LogInformation("Silo {SiloId} took {Count} partitions ({Owned} of target {Target})", _options.SiloId, acquired.Count, owned + acquired.Count, target);
            }
        }
        else if (owned > target)
        {
            if (!_handOver.IsCompleted)
                return; // the previous hand-over is still flushing; renewals go on meanwhile
            var surplus = _leases.Held.Where(l => _leases.IsServable(l.Partition))
                .OrderBy(_ => Random.Shared.Next()).Take(Math.Min(_options.RebalanceStep, owned - target)).ToList();
            _handOver = Task.Run(async () =>
            {
                try
                {
                    await DrainAsync(surplus, RebalanceHandOverLimit, cancellationToken);
                    _logger.LogInformation("Silo {SiloId} handed back {Count} partitions (target {Target})", _options.SiloId, surplus.Count, target);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning(error, "Handing back partitions failed; their leases run out instead");
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Stops serving the partitions, deactivates their grains (flushing state), then releases the leases.</summary>
    // The leases of draining partitions keep being renewed, so waiting for their grains' last turns is safe; a
    // partition is released only when its grains are gone, or (a stuck turn) after the limit, when fencing
    // refuses whatever that turn still tries to write.
    private static readonly TimeSpan RebalanceHandOverLimit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ShutdownHandOverLimit = TimeSpan.FromSeconds(30);

    private async Task DrainAsync(IReadOnlyList<PartitionLease> leases, TimeSpan limit, CancellationToken cancellationToken)
    {
        foreach (var lease in leases)
        {
            _draining[lease.Partition] = 0;
            _leases.StopServing(lease.Partition);
        }
        // Each partition is released as soon as its own grains are gone: a busy grain in one partition must not hold
        // back the others (it may well be waiting for a grain in one of them).
        await Task.WhenAll(leases.Select(lease => HandOverAsync(lease, limit, cancellationToken)));
    }

    private async Task HandOverAsync(PartitionLease lease, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await _catalog.DeactivateWhereAsync(a => a.Partition == lease.Partition,
                new DeactivationReason(DeactivationReasonCode.PartitionLost, "partition handed over"), limit);
            await _leaseChanges.WaitAsync(CancellationToken.None);
            try
            {
                await _table.ReleaseAsync(_options.SiloId, [lease], cancellationToken);
                _leases.Forget(lease.Partition);
            }
            finally
            {
                _leaseChanges.Release();
            }
        }
        finally
        {
            _draining.TryRemove(lease.Partition, out _);
        }
    }

    // Leases that ran out locally: their activations go (their writes would be refused anyway).
    private async Task DropLapsedAsync()
    {
        HashSet<int> partitions;
        await _leaseChanges.WaitAsync(CancellationToken.None);
        try
        {
            partitions = _leases.Held.Where(l => !_leases.IsServable(l.Partition) && !_draining.ContainsKey(l.Partition))
                .Select(l => l.Partition).ToHashSet();
            foreach (var partition in partitions)
                _leases.Forget(partition);
        }
        finally
        {
            _leaseChanges.Release();
        }
        if (partitions.Count == 0)
            return;
        _logger.LogWarning("Silo {SiloId} lost {Count} partitions", _options.SiloId, partitions.Count);
        await _catalog.DeactivateWhereAsync(a => partitions.Contains(a.Partition),
            new DeactivationReason(DeactivationReasonCode.PartitionLost, "lease lost"), TimeSpan.Zero);
    }
}
