using GitIntegration.Actors.Reminders;
using GitIntegration.Actors.Runtime;
using GitIntegration.Actors.Storage;
using GitIntegration.Actors.Storage.Postgres;
using GitIntegration.Actors.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Hosts grains in this process: catalog, storage (SQLite or PostgreSQL per options), reminders and
    /// idle collection, started and stopped with the host.
    /// </summary>
    public static ActorsBuilder AddActors(this IServiceCollection services, Action<ActorsOptions>? configure = null)
    {
        var registry = new GrainTypeRegistry();
        services.AddSingleton(registry);
        if (configure is not null)
            services.Configure(configure);
        else
            services.AddOptions<ActorsOptions>();

        services.TryAddSingleton<IPartitionOwnership, SingleProcessOwnership>();
        AddStorage(services);
        services.AddSingleton<Catalog>();
        services.TryAddSingleton<IGrainCallInvoker, LocalGrainCallInvoker>();
        services.AddSingleton<IGrainFactory, GrainFactory>();
        services.AddSingleton<StateStore>();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton(sp => new SiloRuntime(
            sp.GetRequiredService<IStorageInitializer>(), sp.GetRequiredService<ReminderService>(),
            sp.GetRequiredService<ActivationCollector>(), sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<IOptions<ActorsOptions>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SiloRuntime>());
        return new ActorsBuilder(services, registry);
    }

    private static void AddStorage(IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ActorsOptions>>().Value;
            return options.Storage == StorageProvider.Sqlite ? new SqliteDatabase(options.SqlitePath) : null!;
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ActorsOptions>>().Value;
            return options.Storage == StorageProvider.Postgres
                ? new PostgresDatabase(options.PostgresConnectionString
                                       ?? throw new InvalidOperationException("ActorsOptions.PostgresConnectionString is required for PostgreSQL storage."))
                : null!;
        });
        services.TryAddSingleton<IStorageInitializer>(sp => IsSqlite(sp)
            ? sp.GetRequiredService<SqliteDatabase>()
            : sp.GetRequiredService<PostgresDatabase>());
        services.TryAddSingleton<IGrainStorage>(sp => IsSqlite(sp)
            ? new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>())
            : new PostgresGrainStorage(sp.GetRequiredService<PostgresDatabase>()));
        services.TryAddSingleton<IReminderTable>(sp => IsSqlite(sp)
            ? new SqliteReminderTable(sp.GetRequiredService<SqliteDatabase>())
            : new PostgresReminderTable(sp.GetRequiredService<PostgresDatabase>()));
    }

    private static bool IsSqlite(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ActorsOptions>>().Value.Storage == StorageProvider.Sqlite;
}
