using GitIntegration.Benchmarks.Measure;

namespace GitIntegration.Benchmarks.ApiGateway;

/// <summary>
/// wrk against several targets in alternating rounds, medians per target: other work on this shared machine then
/// weighs on all alike. Any error status fails the run.
/// </summary>
public static class WrkRounds
{
    public sealed record Target(string Url, IReadOnlyDictionary<string, string> Headers);

    /// <summary>The median result of each target, in the order given.</summary>
    public static async Task<WrkResult[]> RunAsync(int rounds, int connections, TimeSpan warmup, TimeSpan duration, params Target[] targets)
    {
        foreach (var target in targets)
            await Wrk.RunAsync(target.Url, warmup, connections, target.Headers);
        var results = targets.Select(_ => new List<WrkResult>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < targets.Length; i++)
                results[i].Add(await Wrk.RunAsync(targets[i].Url, duration, connections, targets[i].Headers));
        }
        if (results.SelectMany(r => r).Sum(r => r.Errors) is var errors and > 0)
            throw new InvalidOperationException($"{errors} requests were answered with an error status during the run.");
        return results.Select(Median).ToArray();
    }

    private static WrkResult Median(List<WrkResult> runs) => new(
        Stats.Median(runs.Select(r => r.RequestsPerSecond)), Stats.Median(runs.Select(r => r.P50Ms)), Stats.Median(runs.Select(r => r.P99Ms)), 0)
    {
        Rounds = runs.Select(r => r.RequestsPerSecond).ToArray(),
    };
}
