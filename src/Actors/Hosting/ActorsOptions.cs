using System.Text.Json;

namespace GitIntegration.Actors.Hosting;

public enum StorageProvider { Sqlite, Postgres }

/// <summary>Runtime settings. Defaults follow Orleans where Orleans has one.</summary>
public sealed class ActorsOptions
{
    public StorageProvider Storage { get; set; } = StorageProvider.Sqlite;
    public string SqlitePath { get; set; } = "data/gitintegration.db";
    public string? PostgresConnectionString { get; set; }

    /// <summary>A call that has not completed by then fails with GrainCallTimeoutException (Orleans: 30 s).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle activations older than this are deactivated (Orleans: 15 min).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Above this many live activations the least recently used idle ones are deactivated.</summary>
    public int MaxActivations { get; set; } = 1_000_000;

    /// <summary>A serialized state larger than this is refused with StateTooLargeException.</summary>
    public int MaxStateBytes { get; set; } = 1024 * 1024;

    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Reminders due within this window are held in memory and fired by a local timer.</summary>
    public TimeSpan ReminderLoadWindow { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan ReminderRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public int ReminderTickConcurrency { get; set; } = 256;
    public int ReminderBatchSize { get; set; } = 10_000;

    /// <summary>Serializer for grain state (Web defaults: camelCase). Add source-generated contexts here.</summary>
    public JsonSerializerOptions JsonOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
