using System.Collections.Concurrent;
using GitIntegration.Actors;

namespace GitIntegration.Benchmarks.Cluster;

public interface IReminderBenchGrain : IGrainWithStringKey
{
    Task RegisterAsync(DateTimeOffset dueAt);
}

/// <summary>Records when each one-shot reminder fired against when it was due.</summary>
public sealed class ReminderBenchGrain : Grain, IReminderBenchGrain, IRemindable
{
    public static readonly ConcurrentBag<TimeSpan> Lateness = [];

    public Task RegisterAsync(DateTimeOffset dueAt) => RegisterOrUpdateReminder("due", dueAt);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Lateness.Add(DateTimeOffset.UtcNow - status.CurrentTickTime);
        return Task.CompletedTask;
    }
}
