using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Grains.Storage;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>
/// `GitIntegration.Benchmarks serve-silo`: this program as a silo process of a PostgreSQL cluster, hosting the
/// product's grains and the baseline ping grains, so a client in another process can call both. Configuration comes
/// from the environment (ConnectionStrings__Postgres, GitIntegration__EncryptionKeys__0,
/// GitIntegration__Cluster__ClusterId, the providers). Prints READY once it serves; runs until killed.
/// </summary>
public static class SiloProcess
{
    public const string Command = "serve-silo";
    public const string ServiceId = "bench";

    public static async Task RunAsync()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var postgres = configuration.GetConnectionString("Postgres") ?? throw new InvalidOperationException("ConnectionStrings__Postgres is required");
        var settings = new BenchSiloSettings(StorageTarget.Postgres(postgres), configuration.AsEnumerable().ToDictionary(),
            configuration["GitIntegration:EncryptionKeys:0"] ?? throw new InvalidOperationException("GitIntegration__EncryptionKeys__0 is required"))
        {
            ServiceId = ServiceId,
            ClusterId = configuration["GitIntegration:Cluster:ClusterId"] ?? throw new InvalidOperationException("GitIntegration__Cluster__ClusterId is required"),
            ClusteringPostgres = postgres,
        };
        await using var silo = await BenchSilo.StartAsync(settings);
        Console.WriteLine("READY");
        await Task.Delay(Timeout.Infinite);
    }
}
