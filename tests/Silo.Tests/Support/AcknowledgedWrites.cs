using System.Collections.Concurrent;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>
/// Writes made during the load through the Orleans client: session keys for random users. A key whose creation
/// was answered is an acknowledged write the cluster must keep whatever happens to a silo afterwards; a call that
/// failed has an unknown outcome and proves nothing.
/// </summary>
public sealed class AcknowledgedWrites : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private readonly ConcurrentQueue<(string UserId, string KeyId)> _acknowledged = new();

    // Several writers, so some are in flight whenever a silo goes, and a call stuck on a dead silo stops only one.
    public AcknowledgedWrites(IGrainFactory grains, IReadOnlyList<LinkedUser> users) =>
        _writer = Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!_stop.IsCancellationRequested)
            {
                var user = users[random.Next(users.Count)];
                try
                {
                    var key = await grains.GetGrain<IUserGrain>(user.UserId).CreateApiKeyAsync(new CreateApiKeyRequest("written under load", null));
                    _acknowledged.Enqueue((user.UserId, key.Id));
                }
                catch (Exception)
                {
                    // not acknowledged
                }
                await Task.Delay(20);
            }
        })));

    public int Count => _acknowledged.Count;

    public async Task AssertAllKeptAsync(IGrainFactory grains)
    {
        Assert.NotEmpty(_acknowledged);
        foreach (var user in _acknowledged.GroupBy(k => k.UserId))
        {
            var stored = (await grains.GetGrain<IUserGrain>(user.Key).ListApiKeysAsync()).Select(k => k.Id).ToHashSet();
            Assert.All(user, k => Assert.True(stored.Contains(k.KeyId), $"acknowledged key {k.KeyId} of {k.UserId} is gone"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _writer;
    }
}
