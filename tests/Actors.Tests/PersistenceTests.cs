using GitIntegration.Actors.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Actors.Tests;

public sealed class PersistenceTests
{
    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task State_survives_a_restart_of_the_host(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        await using (var first = await TestSilo.StartAsync(store))
        {
            var counter = first.Grains.GetGrain<ICounterGrain>("durable");
            await counter.IncrementAndSaveAsync();
            await counter.AddNoteAsync("hello");
        }

        await using var second = await TestSilo.StartAsync(store);
        var again = second.Grains.GetGrain<ICounterGrain>("durable");
        Assert.Equal(1, await again.GetAsync());
        Assert.Equal("2", await again.GetEtagAsync());
        Assert.Equal(2, await again.IncrementAndSaveAsync());
    }

    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task A_write_with_a_stale_etag_throws_and_leaves_the_stored_state_unchanged(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        // Two hosts on one store, with no cluster between them, both activate the same grain.
        await using var a = await TestSilo.StartAsync(store);
        await using var b = await TestSilo.StartAsync(store);
        var onA = a.Grains.GetGrain<ICounterGrain>("contended");
        var onB = b.Grains.GetGrain<ICounterGrain>("contended");
        await onA.IncrementAndSaveAsync();
        await onB.ReloadAsync();
        await onA.AddNoteAsync("written by a");

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => onB.AddNoteAsync("written by b"));

        Assert.Contains("contended", error.Message);
        await using var reader = await TestSilo.StartAsync(store);
        var stored = await ReadRawAsync(reader, "contended");
        Assert.Contains("written by a", stored);
        Assert.DoesNotContain("written by b", stored);
    }

    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task A_state_larger_than_the_limit_is_refused_and_nothing_changes(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        await using var silo = await TestSilo.StartAsync(store, o => o.MaxStateBytes = 2048);
        var counter = silo.Grains.GetGrain<ICounterGrain>("big");
        await counter.AddNoteAsync("small");

        var error = await Assert.ThrowsAsync<StateTooLargeException>(() => counter.AddNoteAsync(new string('x', 4096)));

        Assert.Contains("limit is 2048", error.Message);
        var stored = await ReadRawAsync(silo, "big");
        Assert.Contains("small", stored);
        Assert.DoesNotContain("xxxx", stored);
    }

    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task Clearing_leaves_a_tombstone_that_reads_as_no_record(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        await using (var silo = await TestSilo.StartAsync(store))
        {
            var counter = silo.Grains.GetGrain<ICounterGrain>("cleared");
            await counter.IncrementAndSaveAsync();
            await counter.ClearAsync();
            Assert.Equal(0, await counter.GetAsync());
        }
        await using var restarted = await TestSilo.StartAsync(store);
        var storage = restarted.Services.GetRequiredService<IGrainStorage>();
        var row = await storage.ReadAsync(new GrainId("counter", "cleared"), "counter", default);
        Assert.Null(row.Payload);
        Assert.Equal("2", row.Etag);
        Assert.Equal(0, await restarted.Grains.GetGrain<ICounterGrain>("cleared").GetAsync());
    }

    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task Two_grain_types_with_the_same_key_and_state_name_do_not_share_a_row(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        await using var silo = await TestSilo.StartAsync(store);
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        var fence = new WriteFence(0, 0, null);

        await storage.WriteAsync(new GrainId("alpha", "same"), "state", "\"a\""u8.ToArray(), null, fence, default);
        await storage.WriteAsync(new GrainId("beta", "same"), "state", "\"b\""u8.ToArray(), null, fence, default);

        Assert.Equal("\"a\"", System.Text.Encoding.UTF8.GetString((await storage.ReadAsync(new GrainId("alpha", "same"), "state", default)).Payload!));
        Assert.Equal("\"b\"", System.Text.Encoding.UTF8.GetString((await storage.ReadAsync(new GrainId("beta", "same"), "state", default)).Payload!));
    }

    [Theory, MemberData(nameof(Stores.All), MemberType = typeof(Stores))]
    public async Task Two_first_writes_racing_on_a_new_row_let_exactly_one_win(StoreKind kind)
    {
        using var store = await TestStore.CreateAsync(kind);
        await using var silo = await TestSilo.StartAsync(store);
        var storage = silo.Services.GetRequiredService<IGrainStorage>();
        var id = new GrainId("race", "first");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await storage.WriteAsync(id, "state", System.Text.Encoding.UTF8.GetBytes($"{i}"), null, new WriteFence(0, 0, null), default);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Equal(1, attempts.Count(won => won));
    }

    private static async Task<string> ReadRawAsync(TestSilo silo, string key)
    {
        var row = await silo.Services.GetRequiredService<IGrainStorage>().ReadAsync(new GrainId("counter", key), "counter", default);
        return System.Text.Encoding.UTF8.GetString(row.Payload!);
    }
}
