using GitIntegration.Benchmarks.Measure;

namespace GitIntegration.Benchmarks.ApiGateway;

/// <summary>
/// wrk against two targets in alternating rounds, medians per target: other work on this shared machine then weighs
/// on both alike. Any error status fails the run.
/// </summary>
public static class WrkRounds
{
    public sealed record Target(string Url, IReadOnlyDictionary<string, string> Headers);

    public static async Task<(WrkResult Baseline, WrkResult Measured)> RunAsync(Target baseline, Target measured, int rounds, int connections,
        TimeSpan warmup, TimeSpan duration)
    {
        await Wrk.RunAsync(baseline.Url, warmup, connections, baseline.Headers);
        await Wrk.RunAsync(measured.Url, warmup, connections, measured.Headers);
        var baselines = new List<WrkResult>();
        var measurements = new List<WrkResult>();
        for (var round = 0; round < rounds; round++)
        {
            baselines.Add(await Wrk.RunAsync(baseline.Url, duration, connections, baseline.Headers));
            measurements.Add(await Wrk.RunAsync(measured.Url, duration, connections, measured.Headers));
        }
        if (baselines.Concat(measurements).Sum(m => m.Errors) is var errors and > 0)
            throw new InvalidOperationException($"{errors} requests were answered with an error status during the run.");
        return (Median(baselines), Median(measurements));
    }

    private static WrkResult Median(List<WrkResult> runs) => new(
        Stats.Median(runs.Select(r => r.RequestsPerSecond)), Stats.Median(runs.Select(r => r.P50Ms)), Stats.Median(runs.Select(r => r.P99Ms)), 0)
    {
        Rounds = runs.Select(r => r.RequestsPerSecond).ToArray(),
    };
}
