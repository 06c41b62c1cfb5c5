using GitIntegration.Benchmarks.Hosting;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Links;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace GitIntegration.Benchmarks.Links;

/// <summary>
/// Managed memory per idle activation with 100,000 live: linked links (each answered one token request, so it holds
/// what a used link holds) against bare Orleans activations in the same silo, with and without a trivial persistent
/// state. The link's stored state (deserialized as storage hands it over) is measured alone and taken off.
/// </summary>
public static class ActivationMemoryMeasurements
{
    private const int Count = 100_000;
    private const int StateSamples = 10_000;
    private const int Parallelism = 16;

    public static async Task RunAsync()
    {
        using var folder = new BenchFolder("memory", inMemoryFileSystem: true);
        await using var provider = await BenchProvider.StartAsync();
        var settings = new BenchSiloSettings(StorageTarget.Sqlite(folder.File("memory.db")), provider.Configuration, SecretKeyRing.GenerateKey());
        string[] linkKeys;
        double statePerLink;
        await using (var seeding = await BenchSilo.StartAsync(settings))
        {
            linkKeys = await SeedLinksAsync(seeding, await provider.LinkNewUserAsync(seeding.Grains, "template"));
            statePerLink = await StateBytesAsync(seeding, linkKeys.Take(StateSamples));
        }

        // Each kind in a silo of its own: Orleans' tables of activations grow by doubling, and a kind measured while
        // they grow from 100,000 to 200,000 entries would pay a different share of that than one from 0 to 100,000.
        var bare = await BytesPerActivationAsync(settings, (grains, i) => grains.GetGrain<IPingGrain>($"p{i}").PingAsync(i));
        var stateful = await BytesPerActivationAsync(settings, (grains, i) => grains.GetGrain<IStatefulPingGrain>($"s{i}").PingAsync(i));
        var link = await BytesPerActivationAsync(settings, async (grains, i) =>
        {
            if ((await grains.GetGrain<IGitLinkGrain>(linkKeys[i]).GetTokenAsync()).Outcome != TokenOutcome.Valid)
                throw new InvalidOperationException("a seeded link has no valid token");
        });

        Report.Add($"memory per idle link activation beyond its state ({Count:N0} live, each asked for its token once)",
            $"{link - statePerLink:N0} B ({link:N0} B with its {statePerLink:N0} B state)",
            $"{stateful:N0} B bare activation with a trivial persistent state ({bare:N0} B with none)",
            (link - statePerLink) / stateful, "within 1.5x");
    }

    /// <summary>Writes <see cref="Count"/> + 1 links through the silo's own storage provider: the template link's state,
    /// its secrets encrypted again for each new grain id (they are bound to it).</summary>
    private static async Task<string[]> SeedLinksAsync(BenchSilo silo, string templateKey)
    {
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var vault = silo.Services.GetRequiredService<TokenVault>();
        var templateId = GrainId.Create("gitlink", templateKey);
        var template = new GrainState<LinkState>();
        await storage.ReadStateAsync("link", templateId, template);
        var tokens = vault.ToTokenSet(template.State!, templateId)!;
        var keys = Enumerable.Range(0, Count + 1).Select(_ => GrainKeys.Link(GrainKeys.NewUserId(), BenchProvider.ProviderId)).ToArray();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (key, _) =>
        {
            var id = GrainId.Create("gitlink", key);
            var state = vault.WithTokens(template.State!, tokens, id, template.State!.IssuedAt!.Value);
            await storage.WriteStateAsync("link", id, new GrainState<LinkState>(state));
        });
        return keys;
    }

    /// <summary>Bytes of one link's state as the storage provider hands it to the grain (read and deserialized).</summary>
    private static async Task<double> StateBytesAsync(BenchSilo silo, IEnumerable<string> keys)
    {
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var states = keys.Select(_ => new GrainState<LinkState>()).ToArray();
        var ids = keys.Select(k => GrainId.Create("gitlink", k)).ToArray();
        var before = CollectFully();
        for (var i = 0; i < states.Length; i++)
            await storage.ReadStateAsync("link", ids[i], states[i]);
        var after = CollectFully();
        GC.KeepAlive(states);
        // The GrainState holders themselves were allocated before; what remains is the state graph.
        return (after - before) / (double)states.Length;
    }

    private static async Task<double> BytesPerActivationAsync(BenchSiloSettings settings, Func<IGrainFactory, int, Task> activate)
    {
        await using var silo = await BenchSilo.StartAsync(settings);
        await activate(silo.Grains, Count); // one more, first and unmeasured: type metadata, code paths, pools
        var before = CollectFully();
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (i, _) => await activate(silo.Grains, i));
        var after = CollectFully();
        return (after - before) / (double)Count;
    }

    private static long CollectFully()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
