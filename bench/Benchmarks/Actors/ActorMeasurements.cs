using System.Collections.Concurrent;
using System.Diagnostics;
using GitIntegration.Actors;
using GitIntegration.Actors.Hosting;
using GitIntegration.Actors.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Benchmarks.Actors;

/// <summary>Figures BenchmarkDotNet is not shaped for: throughput over many grains, memory per activation, cold activation.</summary>
public static class ActorMeasurements
{
    public static async Task ThroughputAsync()
    {
        const int grains = 10_000;
        var workers = Environment.ProcessorCount * 16;
        var duration = TimeSpan.FromSeconds(5);
        await using var silo = await BenchSilo.StartAsync();
        PingGrain.Tracked = new ConcurrentDictionary<string, PingGrain>();
        var references = Enumerable.Range(0, grains).Select(i => silo.Grains.GetGrain<IPingGrain>($"g{i}")).ToArray();
        await Task.WhenAll(references.Select(r => r.PingAsync(0)));
        IPingGrain[] direct = references.Select((_, i) => (IPingGrain)PingGrain.Tracked[$"g{i}"]).ToArray();
        PingGrain.Tracked = null;

        await RunAsync(i => direct[i].PingAsync(1), grains, workers, TimeSpan.FromSeconds(1)); // warm-up
        var baseline = await RunAsync(i => direct[i].PingAsync(1), grains, workers, duration);
        await RunAsync(i => references[i].PingAsync(1), grains, workers, TimeSpan.FromSeconds(1));
        var measured = await RunAsync(i => references[i].PingAsync(1), grains, workers, duration);
        Report.Add($"grain calls/s over {grains:N0} grains, {workers} callers, {Environment.ProcessorCount} cores",
            $"{measured:N0}/s", $"{baseline:N0}/s direct", measured / baseline, "as high as possible");
    }

    private static async Task<double> RunAsync(Func<int, Task<int>> call, int grains, int workers, TimeSpan duration)
    {
        long total = 0;
        var stopwatch = Stopwatch.StartNew();
        var stopAt = stopwatch.Elapsed + duration;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            long count = 0;
            while (stopwatch.Elapsed < stopAt)
            {
                for (var i = 0; i < 64; i++)
                    await call(random.Next(grains));
                count += 64;
            }
            Interlocked.Add(ref total, count);
        })));
        return total / stopwatch.Elapsed.TotalSeconds;
    }

    public static async Task MemoryPerActivationAsync()
    {
        const int count = 100_000;
        await using var silo = await BenchSilo.StartAsync();
        var statelessBytes = await BytesPerAsync(count, async () =>
        {
            for (var batch = 0; batch < count; batch += 1000)
                await Task.WhenAll(Enumerable.Range(batch, 1000).Select(i => silo.Grains.GetGrain<IPingGrain>($"idle-{i}").PingAsync(0)));
        });
        var statefulBytes = await BytesPerAsync(count, async () =>
        {
            for (var batch = 0; batch < count; batch += 1000)
                await Task.WhenAll(Enumerable.Range(batch, 1000).Select(i => silo.Grains.GetGrain<IStatefulGrain>($"idle-{i}").GetAsync()));
        });
        var keep = new List<SmallState>(count);
        var stateBytes = await BytesPerAsync(count, () =>
        {
            for (var i = 0; i < count; i++)
                keep.Add(new SmallState { Label = "" });
            return Task.CompletedTask;
        });
        GC.KeepAlive(keep);
        Report.Add($"memory per idle activation, no state ({count:N0} live)", $"{statelessBytes:N0} B", "2,048 B target", statelessBytes / 2048.0, "< 2 KB");
        Report.Add($"memory per idle activation beyond its state ({count:N0} live)", $"{statefulBytes - stateBytes:N0} B",
            $"{stateBytes:N0} B state object", (statefulBytes - stateBytes) / 2048.0, "< 2 KB");
    }

    private static async Task<double> BytesPerAsync(int count, Func<Task> allocate)
    {
        var before = Settle();
        await allocate();
        var after = Settle();
        return (after - before) / (double)count;
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static async Task ActivationWithStateLoadAsync(StorageProvider storage, string? postgres)
    {
        const int count = 2_000;
        await using var silo = await BenchSilo.StartAsync(storage, postgres);
        var store = silo.Services.GetRequiredService<IGrainStorage>();
        var payload = System.Text.Encoding.UTF8.GetBytes("{\"value\":42,\"label\":\"benchmark state\"}");
        for (var i = 0; i < count * 2; i++)
            await store.WriteAsync(new GrainId("stateful", $"cold-{i}"), "small", payload, null, new WriteFence(0, 0, null), default);

        var read = Stopwatch.StartNew();
        for (var i = count; i < count * 2; i++)
            await store.ReadAsync(new GrainId("stateful", $"cold-{i}"), "small", default);
        var readMicros = read.Elapsed.TotalMicroseconds / count;

        var activate = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            if (await silo.Grains.GetGrain<IStatefulGrain>($"cold-{i}").GetAsync() != 42)
                throw new InvalidOperationException("state was not loaded");
        }
        var activateMicros = activate.Elapsed.TotalMicroseconds / count;
        Report.Add($"activation + state load, {storage} (sequential)", $"{activateMicros:N0} µs",
            $"{readMicros:N0} µs raw row read", activateMicros / readMicros, "close to the raw read");
    }
}
