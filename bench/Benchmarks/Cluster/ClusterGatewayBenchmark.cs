using System.Security.Cryptography;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Demo;
using GitIntegration.Benchmarks.ApiGateway;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>
/// A gateway in front of one silo against the same gateway in front of three, on this machine: GET
/// /api/v2/git/credentials on a warm link under wrk. Every process shares the same cores, so this shows what
/// the extra hop and the extra processes cost here, not what more machines would add.
/// </summary>
public static class ClusterGatewayBenchmark
{
    private const int Connections = 32;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);

    public static async Task RunAsync(string postgresServer)
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var github = EmulatedProvider.Create("github", "github", "github", "GitHub");
        await EmulatedProviders.CreateInstancesAsync(emulator, [github], "octo");
        await emulator.Client.UpdateSettingsAsync("github", new InstanceSettingsDto(AutoApprove: "octo"));

        var one = await MeasureAsync(postgresServer, emulator, github, silos: 1);
        var three = await MeasureAsync(postgresServer, emulator, github, silos: 3);
        Report.Add($"gateway (--mode gateway) GET /api/v2/git/credentials, warm link, 3 silos, wrk {Connections} connections, {Environment.ProcessorCount} cores",
            three.ToString(), "1 silo " + one, three.RequestsPerSecond / one.RequestsPerSecond, "no loss from routing over more silos");
    }

    private static async Task<WrkResult> MeasureAsync(string postgresServer, EmulatorHost emulator, EmulatedProvider github, int silos)
    {
        var adminToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await BenchDatabase.CreateAsync(postgresServer),
            ["GitIntegration:Storage:Provider"] = "Postgres",
            ["GitIntegration:EncryptionKeys:0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["GitIntegration:AdminToken"] = adminToken,
            ["GitIntegration:Limits:RequestsPerSecondPerCaller"] = "10000000",
            ["GitIntegration:Limits:BurstPerCaller"] = "10000000",
        };
        foreach (var (key, value) in EmulatedProviders.Configuration(emulator, [github]))
            configuration[key] = value;

        await using var cluster = new ClusterProcessSet(configuration);
        for (var i = 0; i < silos; i++)
            await cluster.StartSiloAsync();
        var gateway = await cluster.StartGatewayAsync();
        await EmulatedProviders.RegisterAppsAsync(emulator, [github], gateway);
        var token = await GatewayBenchmark.LinkedUserTokenAsync(gateway, adminToken);
        var url = $"{gateway}/api/v2/git/credentials?id=github";
        await GatewayBenchmark.BodyAsync(url, token);
        var headers = new Dictionary<string, string> { [SessionCredentials.HeaderName] = token };
        await Wrk.RunAsync(url, Warmup, Connections, headers);
        var result = await Wrk.RunAsync(url, Duration, Connections, headers);
        if (result.Errors > 0)
            throw new InvalidOperationException($"The gateway answered {result.Errors} requests with an error status.");
        return result;
    }
}
