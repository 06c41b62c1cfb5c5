namespace GitIntegration.Actors.Runtime;

/// <summary>
/// Which partitions this process may host, and under which lease epoch. A single process owns them
/// all; a cluster silo owns the ones it holds leases for.
/// </summary>
public interface IPartitionOwnership
{
    /// <summary>True with the lease epoch when this process may host grains of the partition now.</summary>
    bool TryGetEpoch(int partition, out long epoch);

    /// <summary>The partitions owned, or null when this process owns every partition.</summary>
    IReadOnlyCollection<int>? OwnedPartitions { get; }

    /// <summary>Confirms, against the authority, that the partition is still held at this epoch. Throws
    /// <see cref="PartitionNotOwnedException"/> if not. Call before side effects that must not happen twice.</summary>
    ValueTask ConfirmAsync(int partition, long epoch, CancellationToken cancellationToken);

    /// <summary>The identity state writes are fenced with, or null when writes need no fence.</summary>
    string? FenceOwner { get; }
}

/// <summary>Every partition, epoch 0, nothing to confirm: the all-in-one process.</summary>
public sealed class SingleProcessOwnership : IPartitionOwnership
{
    public bool TryGetEpoch(int partition, out long epoch)
    {
        epoch = 0;
        return true;
    }

    public IReadOnlyCollection<int>? OwnedPartitions => null;

    public ValueTask ConfirmAsync(int partition, long epoch, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public string? FenceOwner => null;
}

/// <summary>This process does not (or no longer) hold the partition's lease.</summary>
public class PartitionNotOwnedException(int partition)
    : InvalidOperationException($"This silo does not own partition {partition}.")
{
    public int Partition { get; } = partition;
}
