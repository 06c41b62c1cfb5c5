namespace GitIntegration.Actors;

/// <summary>Implemented by grains that register reminders.</summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>What a reminder tick knows about its schedule.</summary>
/// <param name="FirstTickTime">When the reminder was first due.</param>
/// <param name="Period">Zero for a one-shot reminder.</param>
/// <param name="CurrentTickTime">The due time of this tick.</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);

/// <summary>A handle to a registered reminder.</summary>
public interface IGrainReminder
{
    string ReminderName { get; }
    DateTimeOffset DueAt { get; }
    TimeSpan Period { get; }
}

internal sealed record GrainReminder(string ReminderName, DateTimeOffset DueAt, TimeSpan Period) : IGrainReminder;
