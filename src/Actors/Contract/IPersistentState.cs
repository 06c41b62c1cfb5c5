namespace GitIntegration.Actors;

/// <summary>A grain's named state with optimistic concurrency (Orleans' IPersistentState).</summary>
public interface IPersistentState<TState>
{
    TState State { get; set; }

    /// <summary>Opaque concurrency token; null when nothing was ever stored.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Persists State. Throws <see cref="InconsistentStateException"/> when the stored ETag moved on.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Clears the stored record (a tombstone keeps the ETag moving) and resets State.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
