using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Benchmarks.Measure;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Benchmarks.Reminders;

/// <summary>
/// 100,000 reminders due evenly over one minute in one silo (all-in-one storage, SQLite): how late each fires, the
/// last above all, against one reminder alone registered through its grain in the same run. The 100,000 rows are
/// written through the silo's reminder table (as 100,000 grains would have registered them) and loaded by a
/// restarted silo, which then holds every one of them in memory, due within its loading window.
/// </summary>
public static class ReminderMeasurements
{
    private const int Count = 100_000;
    private static readonly TimeSpan Spread = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LoadMargin = TimeSpan.FromSeconds(75);

    public static async Task RunAsync()
    {
        using var folder = new BenchFolder("reminders", inMemoryFileSystem: true);
        var settings = new BenchSiloSettings(StorageTarget.Sqlite(folder.File("reminders.db")), new Dictionary<string, string?>(), SecretKeyRing.GenerateKey());
        double aloneMs;
        DateTime firstDue;
        await using (var seeding = await BenchSilo.StartAsync(settings))
        {
            aloneMs = await OneReminderAloneAsync(seeding);
            firstDue = DateTime.UtcNow + LoadMargin;
            var table = seeding.Services.GetRequiredService<IReminderTable>();
            await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
                await table.UpsertRow(new ReminderEntry
                {
                    GrainId = GrainId.Create("benchreminder", $"r{i}"),
                    ReminderName = "due",
                    StartAt = firstDue + Spread * i / Count,
                    Period = ReminderBenchGrain.Period,
                }));
        }
        if (DateTime.UtcNow > firstDue - TimeSpan.FromSeconds(15))
            throw new InvalidOperationException("writing the reminders took longer than the margin before the first is due");

        ReminderBenchGrain.Ticks.Clear();
        await using var silo = await BenchSilo.StartAsync(settings);
        var lastDue = firstDue + Spread;
        while (ReminderBenchGrain.Ticks.Count < Count && DateTime.UtcNow < lastDue + TimeSpan.FromMinutes(2))
            await Task.Delay(200);
        var ticks = ReminderBenchGrain.Ticks.ToArray();
        var late = ticks.Select(t => (t.Fired - t.Due).TotalMilliseconds).Order().ToArray();
        var last = ticks.Length == 0 ? default : ticks.MaxBy(t => t.Due);
        var lastLateMs = ticks.Length == 0 ? double.NaN : (last.Fired - last.Due).TotalMilliseconds;
        Report.Add($"{Count:N0} reminders due within 1 min, one silo (SQLite): {ticks.Length:N0} fired",
            $"the last due fired {lastLateMs:N0} ms late; p50 {Stats.Percentile(late, 0.5):N0} ms, p99 {Stats.Percentile(late, 0.99):N0} ms, max {late.LastOrDefault():N0} ms",
            $"{aloneMs:N0} ms late for one reminder alone", lastLateMs / Math.Max(1, aloneMs), "all fire; the last within a few seconds");
    }

    private static async Task<double> OneReminderAloneAsync(BenchSilo silo)
    {
        ReminderBenchGrain.Ticks.Clear();
        await silo.Grains.GetGrain<IReminderBenchGrain>("alone").RegisterAsync(TimeSpan.FromSeconds(2));
        while (ReminderBenchGrain.Ticks.IsEmpty)
            await Task.Delay(10);
        ReminderBenchGrain.Ticks.TryDequeue(out var tick);
        return (tick.Fired - tick.Due).TotalMilliseconds;
    }
}
