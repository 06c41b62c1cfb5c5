namespace GitIntegration.Actors.Cluster;

/// <summary>
/// A client's view of which silo address owns each partition, read from the lease table. It is reloaded
/// periodically and, when a call finds it wrong, on demand (coalesced so a failure storm is one query).
/// </summary>
public sealed class PartitionMap(LeaseTable table, ClusterOptions options)
{
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(50);
    private readonly object _lock = new();
    private string?[] _owners = new string?[PartitionHash.PartitionCount];
    private long _loadedAt;
    private bool _stale = true;
    private Task? _loading;

    /// <summary>The address of the silo that owns the partition, or null when none does right now.</summary>
    public async ValueTask<string?> OwnerOfAsync(int partition, CancellationToken cancellationToken)
    {
        var age = Environment.TickCount64 - Volatile.Read(ref _loadedAt);
        if (_stale || age > (long)options.MapRefreshInterval.TotalMilliseconds)
            await LoadAsync().WaitAsync(cancellationToken);
        return Volatile.Read(ref _owners)[partition];
    }

    /// <summary>A call found the map wrong: the next lookup reloads it.</summary>
    public void Invalidate() => _stale = true;

    private Task LoadAsync()
    {
        lock (_lock)
        {
            if (_loading is { IsCompleted: false })
                return _loading;
            var sinceLast = Environment.TickCount64 - _loadedAt;
            if (sinceLast < MinimumGap.TotalMilliseconds && _loading is not null)
                return Task.Delay(MinimumGap - TimeSpan.FromMilliseconds(sinceLast)).ContinueWith(_ => LoadAsync()).Unwrap();
            _loading = ReloadAsync();
            return _loading;
        }
    }

    private async Task ReloadAsync()
    {
        _stale = false;
        try
        {
            var owners = await table.ReadMapAsync(CancellationToken.None);
            Volatile.Write(ref _owners, owners);
            Volatile.Write(ref _loadedAt, Environment.TickCount64);
        }
        catch
        {
            _stale = true;
            throw;
        }
    }
}
