using System.Collections.Concurrent;

namespace GitIntegration.Benchmarks.Reminders;

[Alias("GitIntegration.Benchmarks.IReminderBenchGrain")]
public interface IReminderBenchGrain : IGrainWithStringKey
{
    [Alias("RegisterAsync")]
    Task RegisterAsync(TimeSpan dueIn);
}

/// <summary>Records, for each tick, when it fired against when it was due (the reminder's start time).</summary>
[GrainType("benchreminder")]
public sealed class ReminderBenchGrain : Grain, IReminderBenchGrain, IRemindable
{
    /// <summary>As the link's one-shot reminders: due once, repeating only if nothing moves or removes it.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    public static readonly ConcurrentQueue<(DateTime Due, DateTime Fired)> Ticks = new();

    public Task RegisterAsync(TimeSpan dueIn) => this.RegisterOrUpdateReminder("due", dueIn, Period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.Enqueue((status.FirstTickTime, DateTime.UtcNow));
        return Task.CompletedTask;
    }
}
