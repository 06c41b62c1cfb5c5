using GitIntegration.Actors.Storage;

namespace GitIntegration.Actors.Reminders;

/// <summary>
/// The in-memory timetable of reminders due soon, one entry per (grain, name). It never hands out an
/// entry that is already firing, nor one the table still shows but that has just completed.
/// </summary>
internal sealed class ReminderSchedule
{
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId, string), ReminderEntry> _scheduled = new();
    private readonly PriorityQueue<ReminderEntry, DateTimeOffset> _queue = new();
    private readonly Dictionary<(GrainId, string), DateTimeOffset> _firing = new();
    private readonly Dictionary<(GrainId, string), DateTimeOffset> _completed = new();

    public int Count
    {
        get { lock (_lock) return _scheduled.Count; }
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

    /// <summary>A registration: replaces whatever is scheduled for the key.</summary>
    public void Put(ReminderEntry entry)
    {
        lock (_lock)
        {
            _completed.Remove(Key(entry));
            PutLocked(entry);
        }
    }

    public void PutIfAbsent(ReminderEntry entry)
    {
        lock (_lock)
        {
            if (!_scheduled.ContainsKey(Key(entry)))
                PutLocked(entry);
        }
    }

    /// <summary>Rows read from the table; returns how many were new to the schedule.</summary>
    public int Load(IEnumerable<ReminderEntry> rows)
    {
        var added = 0;
        lock (_lock)
        {
            foreach (var row in rows)
            {
                var key = Key(row);
                if (_firing.TryGetValue(key, out var firingDue) && firingDue == row.DueAt)
                    continue;
                if (_completed.TryGetValue(key, out var completedDue) && completedDue >= row.DueAt)
                    continue;
                if (_scheduled.TryGetValue(key, out var existing) && existing.DueAt == row.DueAt)
                    continue;
                PutLocked(row);
                added++;
            }
        }
        return added;
    }

    public void Remove(GrainId id, string name)
    {
        lock (_lock)
            _scheduled.Remove((id, name));
    }

    /// <summary>Takes the earliest entry due at or before now and marks it firing.</summary>
    public ReminderEntry? TakeDue(DateTimeOffset now)
    {
        lock (_lock)
        {
            DropStaleHeadLocked();
            if (!_queue.TryPeek(out var entry, out var due) || due > now)
                return null;
            _queue.Dequeue();
            _scheduled.Remove(Key(entry));
            _firing[Key(entry)] = entry.DueAt;
            return entry;
        }
    }

    public void Completed(ReminderEntry entry)
    {
        lock (_lock)
        {
            var key = Key(entry);
            if (_firing.TryGetValue(key, out var due) && due == entry.DueAt)
                _firing.Remove(key);
            _completed[key] = entry.DueAt;
        }
    }

    public void ForgetCompletedBefore(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            foreach (var (key, due) in _completed.ToList())
            {
                if (due < cutoff)
                    _completed.Remove(key);
            }
        }
    }

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
