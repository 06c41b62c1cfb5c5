using System.Diagnostics;
using GitIntegration.Actors;
using Npgsql;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>100,000 one-shot reminders due within one minute on one silo: how late they fire, the last one above all.</summary>
public static class ReminderMeasurements
{
    public static async Task ManyRemindersAsync(string postgres)
    {
        const int count = 100_000;
        var database = await BenchDatabase.CreateAsync(postgres);
        await using var silo = await BenchClusterSilo.StartAsync(database, o => o.ReminderPollInterval = TimeSpan.FromSeconds(1));

        // Baseline in the same run: one reminder alone, registered through its grain.
        ReminderBenchGrain.Lateness.Clear();
        await silo.Grains.GetGrain<IReminderBenchGrain>("alone").RegisterAsync(DateTimeOffset.UtcNow.AddSeconds(2));
        while (ReminderBenchGrain.Lateness.IsEmpty)
            await Task.Delay(10);
        var alone = ReminderBenchGrain.Lateness.Single();

        // The rows are written straight into the table (as 100,000 grains would have), due evenly over the next minute.
        ReminderBenchGrain.Lateness.Clear();
        var start = DateTimeOffset.UtcNow.AddSeconds(10);
        await InsertAsync(database, count, start, TimeSpan.FromMinutes(1));
        var clock = Stopwatch.StartNew();
        while (ReminderBenchGrain.Lateness.Count < count && clock.Elapsed < TimeSpan.FromMinutes(5))
            await Task.Delay(100);
        var lateness = ReminderBenchGrain.Lateness.Select(l => l.TotalMilliseconds).Order().ToArray();
        var lastFired = DateTimeOffset.UtcNow; // close enough: polled every 100 ms
        var lastDue = start + TimeSpan.FromMinutes(1);
        Report.Add($"{count:N0} one-shot reminders due within 1 min, one silo: fired {lateness.Length:N0}",
            $"p50 {Percentile(lateness, 0.5):N0} ms, p99 {Percentile(lateness, 0.99):N0} ms, max {lateness.LastOrDefault():N0} ms late; last fired ~{(lastFired - lastDue).TotalMilliseconds:N0} ms after the last due time",
            $"{alone.TotalMilliseconds:N0} ms late for one reminder alone", lateness.LastOrDefault() / Math.Max(1, alone.TotalMilliseconds), "all fire, the last within a few seconds");
    }

    private static async Task InsertAsync(string database, int count, DateTimeOffset start, TimeSpan spread)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY reminders (grain_type, grain_key, name, \"partition\", due_at, period) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < count; i++)
        {
            var key = $"r{i}";
            await writer.StartRowAsync();
            await writer.WriteAsync("reminderbench");
            await writer.WriteAsync(key);
            await writer.WriteAsync("due");
            await writer.WriteAsync(PartitionHash.PartitionOf("reminderbench", key));
            await writer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds((start + spread * i / count).ToUnixTimeMilliseconds()).UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(0L);
        }
        await writer.CompleteAsync();
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}
