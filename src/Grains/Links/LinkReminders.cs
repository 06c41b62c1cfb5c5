namespace GitIntegration.Grains.Links;

/// <summary>
/// A link's two durable reminders. "refresh" is one-shot: Orleans reminders are periodic, so it is registered due at
/// the wanted time with a long period, and every tick moves it to the next time or removes it (a tick that fails
/// before doing so simply comes again one period later). "revalidate" is periodic.
/// </summary>
internal sealed class LinkReminders(IGrainBase grain, TimeProvider time, TimeSpan oneShotRepeat)
{
    public const string Refresh = "refresh";
    public const string Revalidate = "revalidate";

    public Task RefreshAtAsync(DateTimeOffset dueAt)
    {
        var due = dueAt - time.GetUtcNow();
        return grain.RegisterOrUpdateReminder(Refresh, due > TimeSpan.Zero ? due : TimeSpan.Zero, oneShotRepeat);
    }

    public Task RevalidateEveryAsync(TimeSpan interval) => grain.RegisterOrUpdateReminder(Revalidate, interval, interval);

    public async Task CancelAsync(string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
            await grain.UnregisterReminder(reminder);
    }

    public async Task CancelAllAsync()
    {
        await CancelAsync(Refresh);
        await CancelAsync(Revalidate);
    }
}
