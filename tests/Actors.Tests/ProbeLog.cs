using System.Collections.Concurrent;

namespace GitIntegration.Actors.Tests;

/// <summary>What the test grains report: activations, deactivations, reminder ticks, overlap violations.</summary>
public sealed class ProbeLog
{
    private int _activations;
    private int _deactivations;
    private int _overlaps;

    public int Activations => Volatile.Read(ref _activations);
    public int Deactivations => Volatile.Read(ref _deactivations);
    public int Overlaps => Volatile.Read(ref _overlaps);
    public ConcurrentQueue<string> Events { get; } = new();
    public ConcurrentDictionary<string, int> Ticks { get; } = new();

    public void Activated(string key)
    {
        Interlocked.Increment(ref _activations);
        Events.Enqueue("activate " + key);
    }

    public void Deactivated(string key, DeactivationReason reason)
    {
        Interlocked.Increment(ref _deactivations);
        Events.Enqueue($"deactivate {key} {reason.ReasonCode}");
    }

    public void Overlap() => Interlocked.Increment(ref _overlaps);

    public ConcurrentQueue<(string Reminder, DateTimeOffset DueAt)> TickTimes { get; } = new();

    public void Tick(string key, string reminder, DateTimeOffset dueAt)
    {
        TickTimes.Enqueue(($"{key}:{reminder}", dueAt));
        Ticks.AddOrUpdate($"{key}:{reminder}", 1, (_, n) => n + 1);
    }

    public int TicksOf(string key, string reminder) => Ticks.TryGetValue($"{key}:{reminder}", out var n) ? n : 0;
}
