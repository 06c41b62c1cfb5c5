using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GitIntegration.Silo.Tests.Support;
using GitIntegration.TestSupport;
using Npgsql;

namespace GitIntegration.Silo.Tests;

/// <summary>A silo process's HTTP port: /metrics with Orleans' series, and /readyz following its PostgreSQL (503 with
/// the error body while the network to it is cut, 200 once it is back) while /healthz stays 200.</summary>
public sealed class SiloServiceEndpointTests
{
    [PostgresFact]
    public async Task The_silo_serves_metrics_and_is_ready_only_while_PostgreSQL_answers()
    {
        var database = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync());
        await using var network = new TcpProxy(database.Host!, database.Port);
        database.Host = "127.0.0.1";
        database.Port = network.Port;
        var healthPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["GitIntegration__EncryptionKeys__0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["GitIntegration__Cluster__ServiceId"] = "silo-endpoints",
            ["GitIntegration__Cluster__ClusterId"] = "c" + Guid.NewGuid().ToString("N")[..8],
            ["GitIntegration__Cluster__SiloPort"] = FreePort.Next().ToString(),
            ["GitIntegration__Cluster__GatewayPort"] = FreePort.Next().ToString(),
            ["DOTNET_gcServer"] = "0",
        };
        var logs = Path.Combine(Path.GetTempPath(), "silo-endpoints-" + Guid.NewGuid().ToString("N")[..8]);
        await using var silo = ChildProcess.StartDotnet("silo", RepositoryRoot.ProgramDll("Silo", "GitIntegration.Silo"),
            ["--urls", $"http://127.0.0.1:{healthPort}"], environment, logs);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{healthPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        await Eventually.HoldsAsync(async () => (await http.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, "the silo to be ready", silo);

        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("orleans_", metrics);
        Assert.Contains("service_name=\"gitintegration-silo\"", metrics);
        Assert.Contains("dotnet_gc_", metrics);

        network.Cut();
        await Eventually.HoldsAsync(async () => (await http.GetAsync("readyz")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "the silo to be unready without PostgreSQL", silo);
        var body = JsonNode.Parse(await (await http.GetAsync("readyz")).Content.ReadAsStringAsync())!;
        Assert.Equal("Not ready.", body["message"]!.GetValue<string>());
        Assert.Contains("storage: PostgreSQL is not reachable.", body["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);

        network.Restore();
        await Eventually.HoldsAsync(async () => (await http.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, "the silo to be ready again", silo);
    }
}
