namespace GitIntegration.Actors.Cluster;

/// <summary>Settings of a silo in a PostgreSQL cluster, and of clients that call into it.</summary>
public sealed class ClusterOptions
{
    /// <summary>This silo's identity; unique per process start (a restart is a new silo).</summary>
    public string SiloId { get; set; } = $"silo-{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The base URL other processes use to send grain calls to this silo over HTTP/2.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a partition lease (and a heartbeat) lasts without renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the silo heartbeats, renews its leases and rebalances.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo stops serving a partition this long before its lease could expire (clock-rate safety).</summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this many partitions are handed back per round, so moves between live silos stay gradual.</summary>
    public int RebalanceStep { get; set; } = 64;

    /// <summary>How often a client re-reads the partition map even when nothing failed.</summary>
    public TimeSpan MapRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        if (LeaseDuration <= SafetyMargin + RenewInterval)
            throw new ArgumentException("ClusterOptions.LeaseDuration must exceed SafetyMargin + RenewInterval.");
        if (RebalanceStep < 1)
            throw new ArgumentException("ClusterOptions.RebalanceStep must be at least 1.");
    }
}
