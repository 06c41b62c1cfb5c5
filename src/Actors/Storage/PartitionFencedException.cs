namespace GitIntegration.Actors.Storage;

/// <summary>A state write was refused because the writer no longer holds the partition at its epoch.</summary>
public class PartitionFencedException(int partition, long epoch)
    : InconsistentStateException($"Write refused: this silo no longer holds partition {partition} at epoch {epoch}.")
{
    public int Partition { get; } = partition;
    public long Epoch { get; } = epoch;
}
