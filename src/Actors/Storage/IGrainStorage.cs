namespace GitIntegration.Actors.Storage;

/// <summary>A stored state row: null payload means never written or cleared (a tombstone keeps its ETag).</summary>
public readonly record struct StoredState(byte[]? Payload, string? Etag);

/// <summary>
/// What a state write must prove besides the ETag: that the writer still holds the grain's partition at
/// the epoch it activated under. A null owner means no fencing (single process).
/// </summary>
public readonly record struct WriteFence(int Partition, long Epoch, string? Owner);

/// <summary>Grain state persistence with optimistic concurrency. One row per (grain type, key, state name).</summary>
public interface IGrainStorage
{
    Task<StoredState> ReadAsync(GrainId id, string stateName, CancellationToken cancellationToken);

    /// <summary>Writes the payload if the stored ETag equals <paramref name="etag"/> (null: no row may exist).
    /// Returns the new ETag, or throws <see cref="InconsistentStateException"/>.</summary>
    Task<string> WriteAsync(GrainId id, string stateName, ReadOnlyMemory<byte> payload, string? etag, WriteFence fence, CancellationToken cancellationToken);

    /// <summary>Replaces the payload with a tombstone under the same ETag rule. Returns the new ETag
    /// (null when there was nothing stored and none expected).</summary>
    Task<string?> ClearAsync(GrainId id, string stateName, string? etag, WriteFence fence, CancellationToken cancellationToken);
}

/// <summary>Creates the schema: versioned migrations run at start-up.</summary>
public interface IStorageInitializer
{
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>True when the store answers a trivial query (readiness).</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
