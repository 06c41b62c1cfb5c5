using System.Diagnostics;

namespace GitIntegration.Benchmarks.Measure;

/// <summary>
/// Latency of awaited calls, one after another: every case runs once per round, in turn, and each case's figure is
/// the median over the rounds, which start with each case in turn. Others' work on this shared machine then weighs on every case alike.
/// </summary>
public static class AlternatingRounds
{
    public sealed record Case(string Name, Func<Task> Call);

    /// <summary>Median nanoseconds per call of each case, by name.</summary>
    public static async Task<Dictionary<string, double>> MeasureAsync(int rounds, int callsPerRound, params Case[] cases)
    {
        foreach (var c in cases)
            await RunAsync(c.Call, callsPerRound); // warm-up: JIT, tiered compilation, activation
        var samples = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            // Each round starts with the next case, so none always runs first (or last) in a round.
            foreach (var c in cases.Skip(round % cases.Length).Concat(cases.Take(round % cases.Length)))
                samples[c.Name].Add(await RunAsync(c.Call, callsPerRound));
        }
        return samples.ToDictionary(s => s.Key, s => Stats.Median(s.Value));
    }

    private static async Task<double> RunAsync(Func<Task> call, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
            await call();
        return watch.Elapsed.TotalNanoseconds / count;
    }
}
