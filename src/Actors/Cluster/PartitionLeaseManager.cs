using GitIntegration.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Cluster;

/// <summary>
/// Which partitions this silo holds, at which epoch, and until when it may serve them by its own monotonic
/// clock: the time the renewal was sent plus the lease, minus a safety margin. The database lease cannot
/// expire before that moment, so no other silo can own a partition while this one still serves it.
/// </summary>
public sealed class PartitionLeaseManager : IPartitionOwnership
{
    private readonly long[] _epochs = new long[PartitionHash.PartitionCount];
    private readonly long[] _servableUntil = new long[PartitionHash.PartitionCount];
    private readonly LeaseTable _table;
    private readonly ClusterOptions _options;
    private readonly long _validityMs;

    public PartitionLeaseManager(LeaseTable table, IOptions<ClusterOptions> options)
    {
        _table = table;
        _options = options.Value;
        _validityMs = (long)(_options.LeaseDuration - _options.SafetyMargin).TotalMilliseconds;
    }

    public string SiloId => _options.SiloId;

    public string? FenceOwner => _options.SiloId;

    public bool TryGetEpoch(int partition, out long epoch)
    {
        var until = Volatile.Read(ref _servableUntil[partition]);
        epoch = Volatile.Read(ref _epochs[partition]);
        return epoch > 0 && until > Environment.TickCount64;
    }

    public IReadOnlyCollection<int>? OwnedPartitions
    {
        get
        {
            var owned = new List<int>();
            for (var p = 0; p < _epochs.Length; p++)
            {
                if (TryGetEpoch(p, out _))
                    owned.Add(p);
            }
            return owned;
        }
    }

    public int ServingCount => OwnedPartitions!.Count;

    public async ValueTask ConfirmAsync(int partition, long epoch, CancellationToken cancellationToken)
    {
        if (!TryGetEpoch(partition, out var current) || current != epoch)
            throw new PartitionNotOwnedException(partition);
        var sentAt = Environment.TickCount64;
        if (!await _table.ConfirmAsync(_options.SiloId, new PartitionLease(partition, epoch), _options.LeaseDuration, cancellationToken))
        {
            StopServing(partition);
            throw new PartitionNotOwnedException(partition);
        }
        Extend(new PartitionLease(partition, epoch), sentAt);
    }

    /// <summary>Every lease this silo holds in the table, whether or not it still serves it (draining ones too).</summary>
    internal IReadOnlyList<PartitionLease> Held
    {
        get
        {
            var held = new List<PartitionLease>();
            for (var p = 0; p < _epochs.Length; p++)
            {
                var epoch = Volatile.Read(ref _epochs[p]);
                if (epoch > 0)
                    held.Add(new PartitionLease(p, epoch));
            }
            return held;
        }
    }

    internal long EpochOf(int partition) => Volatile.Read(ref _epochs[partition]);

    internal bool IsServable(int partition) => Volatile.Read(ref _servableUntil[partition]) > Environment.TickCount64;

    /// <summary>A lease taken (or confirmed) by a statement sent at <paramref name="sentAt"/>.</summary>
    internal void Grant(PartitionLease lease, long sentAt)
    {
        Volatile.Write(ref _epochs[lease.Partition], lease.Epoch);
        Volatile.Write(ref _servableUntil[lease.Partition], sentAt + _validityMs);
    }

    internal void Extend(PartitionLease lease, long sentAt)
    {
        if (Volatile.Read(ref _epochs[lease.Partition]) != lease.Epoch || !IsServable(lease.Partition))
            return;
        var until = sentAt + _validityMs;
        if (until > Volatile.Read(ref _servableUntil[lease.Partition]))
            Volatile.Write(ref _servableUntil[lease.Partition], until);
    }

    /// <summary>Stops serving at once (draining or lost); the lease is still remembered until released or forgotten.</summary>
    internal void StopServing(int partition) => Volatile.Write(ref _servableUntil[partition], 0);

    internal void Forget(int partition)
    {
        Volatile.Write(ref _servableUntil[partition], 0);
        Volatile.Write(ref _epochs[partition], 0);
    }
}
