using System.Diagnostics;
using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Benchmarks.Measure;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using Microsoft.Data.Sqlite;

namespace GitIntegration.Benchmarks.Links;

/// <summary>
/// 500 concurrent token requests on a link whose token has expired (they share one refresh) against one request on
/// an expired link; both include the link's activation and the refresh at the emulator over loopback HTTP.
/// </summary>
public static class ExpiredLinkMeasurements
{
    private const int Callers = 500;
    private const int Rounds = 7;

    public static async Task RunAsync()
    {
        using var folder = new BenchFolder("expired");
        await using var provider = await BenchProvider.StartAsync(accessTokenSeconds: 2);
        var database = folder.File("expired.db");
        var settings = new BenchSiloSettings(StorageTarget.Sqlite(database), provider.Configuration, SecretKeyRing.GenerateKey());
        var singles = new List<string>();
        var bursts = new List<string>();
        await using (var linking = await BenchSilo.StartAsync(settings))
        {
            for (var i = 0; i < Rounds + 1; i++)
            {
                singles.Add(await provider.LinkNewUserAsync(linking.Grains, $"single{i}"));
                bursts.Add(await provider.LinkNewUserAsync(linking.Grains, $"burst{i}"));
            }
        }
        var linkedAt = DateTimeOffset.UtcNow;
        await DropLinkRemindersAsync(database);
        await provider.SetTokenLifetimeAsync(7200);
        while (DateTimeOffset.UtcNow < linkedAt.AddSeconds(3))
            await Task.Delay(100);

        await using var silo = await BenchSilo.StartAsync(settings);
        var single = new List<double>();
        var burst = new List<double>();
        var refreshesBefore = await provider.RefreshesAsync();
        for (var i = 0; i < Rounds + 1; i++)
        {
            var refreshes = await provider.RefreshesAsync();
            var one = silo.Grains.GetGrain<IGitLinkGrain>(singles[i]);
            var watch = Stopwatch.StartNew();
            var result = await one.GetTokenAsync();
            var singleMs = watch.Elapsed.TotalMilliseconds;

            var many = silo.Grains.GetGrain<IGitLinkGrain>(bursts[i]);
            watch.Restart();
            var results = await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(() => many.GetTokenAsync())));
            var burstMs = watch.Elapsed.TotalMilliseconds;

            if (result.Outcome != TokenOutcome.Valid || results.Any(r => r.Outcome != TokenOutcome.Valid)
                || results.Select(r => r.AccessToken).Distinct().Count() != 1 || await provider.RefreshesAsync() - refreshes != 2)
                throw new InvalidOperationException("an expired link did not come back with exactly one refresh each");
            if (i == 0)
                continue; // warm-up round: JIT and connection set-up
            single.Add(singleMs);
            burst.Add(burstMs);
        }
        var refreshed = await provider.RefreshesAsync() - refreshesBefore;
        var burstMedian = Stats.Median(burst);
        var singleMedian = Stats.Median(single);
        Report.Add($"{Callers} concurrent token requests on an expired link (median of {Rounds})",
            $"{burstMedian:N1} ms wall; emulator counted {refreshed} refreshes for {2 * (Rounds + 1)} expired links",
            $"{singleMedian:N1} ms one request on an expired link", burstMedian / singleMedian,
            "one refresh per link; a small multiple");
    }

    /// <summary>The links' refresh reminders would refresh them as soon as the silo starts; the measurement is about
    /// callers finding a link expired, so they go (no silo runs on the file meanwhile).</summary>
    private static async Task DropLinkRemindersAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM orleans_reminders WHERE grain_id LIKE 'gitlink/%'";
        await command.ExecuteNonQueryAsync();
    }
}
