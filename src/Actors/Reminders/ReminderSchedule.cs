using GitIntegration.Actors.Storage;

namespace GitIntegration.Actors.Reminders;

/// <summary>
/// The in-memory timetable of reminders due soon, one entry per (grain, name). Every registration change
/// and every completed tick stamps the key with a sequence number, so rows read from the table before that
/// change are recognised as stale and a tick taken before an unregistration does not run.
/// </summary>
internal sealed class ReminderSchedule
{
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId, string), ReminderEntry> _scheduled = new();
    private readonly PriorityQueue<ReminderEntry, DateTimeOffset> _queue = new();
    private readonly Dictionary<(GrainId, string), DateTimeOffset> _firing = new();
    private readonly Dictionary<(GrainId, string), (long Sequence, long At)> _changed = new();
    private long _sequence;

    public int Count
    {
        get { lock (_lock) return _scheduled.Count; }
    }

    /// <summary>Taken before reading the table, so <see cref="Load"/> can tell which rows are stale.</summary>
    public long Sequence
    {
        get { lock (_lock) return _sequence; }
    }

    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock)
            {
                DropStaleHeadLocked();
                return _queue.TryPeek(out _, out var due) ? due : null;
            }
        }
    }

    /// <summary>A registration due soon: replaces whatever is scheduled for the key.</summary>
    public void Put(ReminderEntry entry)
    {
        lock (_lock)
        {
            StampLocked(Key(entry));
            PutLocked(entry);
        }
    }

    /// <summary>An unregistration, or a registration due later than the load window.</summary>
    public void Remove(GrainId id, string name)
    {
        lock (_lock)
        {
            StampLocked((id, name));
            _scheduled.Remove((id, name));
        }
    }

    /// <summary>Rows read from the table after <paramref name="readSequence"/> was taken; returns how many were new.</summary>
    public int Load(IEnumerable<ReminderEntry> rows, long readSequence)
    {
        var added = 0;
        lock (_lock)
        {
            foreach (var row in rows)
            {
                var key = Key(row);
                if (_changed.TryGetValue(key, out var changed) && changed.Sequence > readSequence)
                    continue;
                if (_firing.TryGetValue(key, out var firingDue) && firingDue == row.DueAt)
                    continue;
                if (_scheduled.TryGetValue(key, out var existing) && existing.DueAt == row.DueAt)
                    continue;
                PutLocked(row);
                added++;
            }
        }
        return added;
    }

    /// <summary>Takes the earliest entry due at or before now, marks it firing, and returns the sequence it was taken at.</summary>
    public (ReminderEntry Entry, long Sequence)? TakeDue(DateTimeOffset now)
    {
        lock (_lock)
        {
            DropStaleHeadLocked();
            if (!_queue.TryPeek(out var entry, out var due) || due > now)
                return null;
            _queue.Dequeue();
            _scheduled.Remove(Key(entry));
            _firing[Key(entry)] = entry.DueAt;
            return (entry, _sequence);
        }
    }

    /// <summary>False when the reminder was unregistered or re-registered after the tick was taken.</summary>
    public bool IsCurrent(ReminderEntry entry, long takenAt)
    {
        lock (_lock)
            return !_changed.TryGetValue(Key(entry), out var changed) || changed.Sequence <= takenAt;
    }

    /// <summary>The tick is over; rows read before now that still show its due time are stale.</summary>
    public void Completed(ReminderEntry entry)
    {
        lock (_lock)
        {
            var key = Key(entry);
            if (_firing.TryGetValue(key, out var due) && due == entry.DueAt)
                _firing.Remove(key);
            StampLocked(key);
        }
    }

    /// <summary>After a successful periodic tick: schedules the next one unless something newer is scheduled.</summary>
    public void PutNext(ReminderEntry next)
    {
        lock (_lock)
        {
            if (!_scheduled.ContainsKey(Key(next)))
                PutLocked(next);
        }
    }

    /// <summary>Forgets change stamps older than any poll still running could have read.</summary>
    public void ForgetChangesOlderThan(TimeSpan age)
    {
        var cutoff = Environment.TickCount64 - (long)age.TotalMilliseconds;
        lock (_lock)
        {
            foreach (var (key, changed) in _changed.ToList())
            {
                if (changed.At < cutoff)
                    _changed.Remove(key);
            }
        }
    }

    private void StampLocked((GrainId, string) key) => _changed[key] = (++_sequence, Environment.TickCount64);

    private void PutLocked(ReminderEntry entry)
    {
        _scheduled[Key(entry)] = entry;
        _queue.Enqueue(entry, entry.DueAt);
    }

    // Entries replaced or removed stay in the heap until they reach the head; skip them there.
    private void DropStaleHeadLocked()
    {
        while (_queue.TryPeek(out var head, out _)
               && (!_scheduled.TryGetValue(Key(head), out var current) || !ReferenceEquals(current, head)))
            _queue.Dequeue();
    }

    private static (GrainId, string) Key(ReminderEntry entry) => (entry.GrainId, entry.Name);
}
