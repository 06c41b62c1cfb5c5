using GitIntegration.Actors.Reminders;
using GitIntegration.Actors.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Actors;

/// <summary>
/// Base class of every grain (Orleans' Grain). The runtime constructs it on first call, loads its
/// persistent states, then calls <see cref="OnActivateAsync"/>.
/// </summary>
public abstract class Grain
{
    private readonly ActivationData _activation;

    protected Grain()
    {
        _activation = ActivationData.Constructing
                      ?? throw new InvalidOperationException("Grains are created by the runtime; use IGrainFactory.GetGrain.");
    }

    public GrainId GrainId => _activation.Id;

    /// <summary>The string key this grain was addressed by.</summary>
    public string GrainKey => _activation.Id.Key;

    protected IGrainFactory GrainFactory => _services.GetRequiredService<IGrainFactory>();

    private IServiceProvider _services => _activation.Catalog.Services;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Best effort: a crash skips it, so never persist only here.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this grain once the current request has finished.</summary>
    protected void DeactivateOnIdle() =>
        _activation.Catalog.Deactivate(_activation, new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle"));

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(_activation, callback, options);
        _activation.AddTimer(timer);
        timer.Start();
        return timer;
    }

    /// <summary>Registers or replaces a durable reminder. A zero or infinite period makes it one-shot.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        Reminders.RegisterAsync(_activation, reminderName, DateTimeOffset.UtcNow + dueTime, period);

    /// <summary>Registers or replaces a one-shot durable reminder due at an absolute time.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, DateTimeOffset dueAt) =>
        Reminders.RegisterAsync(_activation, reminderName, dueAt, TimeSpan.Zero);

    protected Task UnregisterReminder(string reminderName) => Reminders.UnregisterAsync(_activation, reminderName);

    protected Task<IGrainReminder?> GetReminder(string reminderName) => Reminders.GetAsync(_activation, reminderName);

    /// <summary>
    /// Confirms with the cluster's authority that this activation still owns its grain. Call it right
    /// before a side effect that must not happen twice (spending a rotating refresh token).
    /// </summary>
    protected ValueTask ConfirmOwnershipAsync(CancellationToken cancellationToken = default) =>
        _services.GetRequiredService<IPartitionOwnership>().ConfirmAsync(_activation.Partition, _activation.Epoch, cancellationToken);

    private ReminderService Reminders => _services.GetRequiredService<ReminderService>();
}
