using System.Diagnostics;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Benchmarks.Links;

/// <summary>500 concurrent token requests on an expired link (they share one refresh) against one request on an
/// expired link, both including the link's activation and the provider's refresh over loopback HTTP.</summary>
public static class LinkMeasurements
{
    private const int Callers = 500;
    private const int Rounds = 7;

    public static async Task ExpiredLinkBurstAsync()
    {
        await using var world = await BenchLinkWorld.StartAsync(accessTokenSeconds: 2);
        var singles = new List<string>();
        var bursts = new List<string>();
        for (var i = 0; i < Rounds + 1; i++)
        {
            singles.Add(await world.LinkNewUserAsync($"single{i}"));
            bursts.Add(await world.LinkNewUserAsync($"burst{i}"));
        }
        var linkedAt = DateTimeOffset.UtcNow;
        await world.StopSiloAsync();
        await world.DropRefreshRemindersAsync();
        await world.SetTokenLifetimeAsync(7200);
        while (DateTimeOffset.UtcNow < linkedAt.AddSeconds(3))
            await Task.Delay(100);
        await world.StartSiloAsync();

        var single = new List<double>();
        var burst = new List<double>();
        for (var i = 0; i < Rounds + 1; i++)
        {
            var refreshes = await world.RefreshesAsync();
            var one = world.Link(singles[i]);
            var watch = Stopwatch.StartNew();
            var result = await one.GetTokenAsync();
            var singleMs = watch.Elapsed.TotalMilliseconds;

            var many = world.Link(bursts[i]);
            watch.Restart();
            var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => many.GetTokenAsync())));
            var burstMs = watch.Elapsed.TotalMilliseconds;

            if (result.Outcome != TokenOutcome.Valid || results.Any(r => r.Outcome != TokenOutcome.Valid)
                || results.Select(r => r.AccessToken).Distinct().Count() != 1 || await world.RefreshesAsync() - refreshes != 2)
                throw new InvalidOperationException("an expired link did not come back with exactly one refresh each");
            if (i == 0)
                continue; // warm-up round: JIT and connection set-up
            single.Add(singleMs);
            burst.Add(burstMs);
        }
        var singleMedian = Median(single);
        var burstMedian = Median(burst);
        Report.Add($"{Callers} concurrent token requests on an expired link (one refresh, median of {Rounds})",
            $"{burstMedian:N1} ms wall", $"{singleMedian:N1} ms one request on an expired link", burstMedian / singleMedian,
            "a small multiple: the callers queue behind one refresh");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
