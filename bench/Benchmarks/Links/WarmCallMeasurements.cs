using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Benchmarks.Measure;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;

namespace GitIntegration.Benchmarks.Links;

/// <summary>
/// Warm grain calls inside one silo, made from outside any grain as the all-in-one gateway makes them: a token
/// request on a warm link (cached answer, no provider call) and a no-op on a grain with a persistent state, each
/// against the bare ping grain in the same silo.
/// </summary>
public static class WarmCallMeasurements
{
    private const int Rounds = 15;
    private const int CallsPerRound = 20_000;

    public static async Task RunAsync()
    {
        using var folder = new BenchFolder("calls");
        await using var provider = await BenchProvider.StartAsync();
        await using var silo = await BenchSilo.StartAsync(new BenchSiloSettings(
            StorageTarget.Sqlite(folder.File("calls.db")), provider.Configuration, SecretKeyRing.GenerateKey()));
        var link = silo.Grains.GetGrain<IGitLinkGrain>(await provider.LinkNewUserAsync(silo.Grains, "warm"));
        if ((await link.GetTokenAsync()).Outcome != TokenOutcome.Valid)
            throw new InvalidOperationException("the benchmark link has no valid token");
        var ping = silo.Grains.GetGrain<IPingGrain>("ping");
        var stateful = silo.Grains.GetGrain<IStatefulPingGrain>("stateful");

        var ns = await AlternatingRounds.MeasureAsync(Rounds, CallsPerRound,
            new("ping", () => ping.PingAsync(1)),
            new("stateful", () => stateful.PingAsync(1)),
            new("token", () => link.GetTokenAsync()));
        var baseline = $"{ns["ping"]:N0} ns bare ping grain, same silo";
        Report.Add($"warm in-process call: link GetTokenAsync (median of {Rounds} rounds)", $"{ns["token"]:N0} ns", baseline,
            ns["token"] / ns["ping"], "within 1.5x");
        Report.Add($"warm in-process call: no-op on a grain with a persistent state (median of {Rounds} rounds)", $"{ns["stateful"]:N0} ns", baseline,
            ns["stateful"] / ns["ping"], "within 1.5x");
    }
}
