using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Benchmarks.Measure;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>
/// Calls from an Orleans client in this process to a silo in another (this program in serve-silo mode, on
/// PostgreSQL): a token request on a warm link against the bare ping grain in that silo, over the same client.
/// </summary>
public static class ClientCallMeasurements
{
    private const int Rounds = 15;
    private const int CallsPerRound = 2_000;

    public static async Task RunAsync(string postgresServer)
    {
        var database = await BenchDatabase.CreateAsync(postgresServer);
        await using var provider = await BenchProvider.StartAsync();
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var configuration = new Dictionary<string, string?>(provider.Configuration)
        {
            ["ConnectionStrings:Postgres"] = database,
            ["GitIntegration:EncryptionKeys:0"] = SecretKeyRing.GenerateKey(),
            ["GitIntegration:Cluster:ClusterId"] = clusterId,
        };
        await using var processes = new ProcessSet();
        var ready = new TaskCompletionSource();
        processes.Start(typeof(SiloProcess).Assembly.Location, [SiloProcess.Command], configuration,
            line => { if (line == "READY") ready.TrySetResult(); });
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));

        await using var client = await BenchClient.ConnectAsync(database, SiloProcess.ServiceId, clusterId);
        var link = client.Grains.GetGrain<IGitLinkGrain>(await provider.LinkNewUserAsync(client.Grains, "remote"));
        if ((await link.GetTokenAsync()).Outcome != TokenOutcome.Valid)
            throw new InvalidOperationException("the benchmark link has no valid token");
        var ping = client.Grains.GetGrain<IPingGrain>("ping");

        var ns = await AlternatingRounds.MeasureAsync(Rounds, CallsPerRound,
            new("ping", () => ping.PingAsync(1)),
            new("token", () => link.GetTokenAsync()));
        Report.Add($"client-to-silo call (another process, loopback): link GetTokenAsync (median of {Rounds} rounds)",
            $"{ns["token"] / 1000:N1} µs", $"{ns["ping"] / 1000:N1} µs bare ping over the same client", ns["token"] / ns["ping"], "within 1.5x");
    }
}
