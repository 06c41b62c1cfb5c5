namespace GitIntegration.Actors.Storage;

/// <summary>A durable reminder row. Period zero means one-shot.</summary>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset DueAt, TimeSpan Period)
{
    public int Partition => GrainId.Partition;
}

/// <summary>Durable reminders, indexed by (partition, due_at) so a silo reads only what it owns and what is due.</summary>
public interface IReminderTable
{
    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    Task<ReminderEntry?> ReadAsync(GrainId id, string name, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(GrainId id, string name, CancellationToken cancellationToken);

    /// <summary>Reminders due at or before <paramref name="until"/>, earliest first, in the given partitions (null: all).</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset until, IReadOnlyCollection<int>? partitions, int limit, CancellationToken cancellationToken);

    /// <summary>After a tick: deletes a one-shot (next null) or moves a periodic one to <paramref name="next"/>, but
    /// only if the row still has the due time that fired (the grain may have re-registered meanwhile).</summary>
    Task<bool> CompleteAsync(ReminderEntry fired, DateTimeOffset? next, CancellationToken cancellationToken);
}
