using GitIntegration.Actors.Reminders;
using GitIntegration.Actors.Runtime;
using GitIntegration.Actors.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Hosting;

/// <summary>Starts the runtime with the host (migrations, reminders, collection) and stops it gracefully.</summary>
public sealed class SiloRuntime : IHostedService
{
    private readonly IStorageInitializer _storage;
    private readonly ReminderService _reminders;
    private readonly ActivationCollector _collector;
    private readonly Catalog _catalog;
    private readonly ActorsOptions _options;

    internal SiloRuntime(IStorageInitializer storage, ReminderService reminders, ActivationCollector collector, Catalog catalog, IOptions<ActorsOptions> options)
    {
        _storage = storage;
        _reminders = reminders;
        _collector = collector;
        _catalog = catalog;
        _options = options.Value;
    }

    /// <summary>Live activations in this process.</summary>
    public int ActivationCount => _catalog.Count;

    public bool IsActive(GrainId id) => _catalog.IsActive(id);

    /// <summary>Runs one idle-collection pass now; returns how many activations it deactivated.</summary>
    public int CollectIdleActivations() => _collector.CollectIdle();

    public Task<bool> IsStorageReachableAsync(CancellationToken cancellationToken) => _storage.PingAsync(cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _storage.InitializeAsync(cancellationToken);
        _reminders.Start();
        _collector.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _reminders.DisposeAsync();
        await _collector.DisposeAsync();
        await _catalog.DeactivateAllAsync(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "host stopping"), _options.DeactivationTimeout);
    }
}
