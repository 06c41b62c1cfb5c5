using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace GitIntegration.Grains.Storage;

public static class SiloStorageExtensions
{
    /// <summary>
    /// Grain state (Orleans' ADO.NET persistence, as the default provider, with System.Text.Json payloads) and
    /// reminders (ADO.NET reminders) on <paramref name="target"/>, with the project's schema applied before any
    /// provider reads its queries.
    /// </summary>
    public static ISiloBuilder AddGitIntegrationStorage(this ISiloBuilder silo, StorageTarget target)
    {
        silo.AddAdoNetGrainStorageAsDefault(options =>
        {
            options.Invariant = target.Invariant;
            options.ConnectionString = target.ConnectionString;
            options.GrainStorageSerializer = new GrainStateJsonSerializer();
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = target.Invariant;
            options.ConnectionString = target.ConnectionString;
        });
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new SchemaMigrationStep(
            target, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<ILogger<SchemaMigrationStep>>()));
        return silo;
    }

    /// <summary>Runs the migrations as the silo's very first start-up step.</summary>
    private sealed class SchemaMigrationStep(StorageTarget target, string serviceId, ILogger<SchemaMigrationStep> logger) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(SchemaMigrationStep), ServiceLifecycleStage.First, async cancellationToken =>
            {
                var applied = await SchemaMigrations.ApplyAsync(target, serviceId, cancellationToken);
                if (applied.Count > 0)
                    logger.LogInformation("Applied the storage schema: {Scripts}", string.Join(", ", applied));
            });
    }
}
