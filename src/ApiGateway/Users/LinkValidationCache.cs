using System.Collections.Concurrent;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.ApiGateway.Users;

/// <summary>
/// How often the list of links asks the provider whether a token still works. Coder refreshes and validates every
/// link on every list; a dashboard polling the list would turn that into a provider call per link per poll, so this
/// gateway does so at most once per <see cref="MaxAge"/> per link and otherwise reports the link's stored state (the
/// link grain refreshes ahead of expiry on its own). A token revoked at the provider therefore shows
/// authenticated:false on the first list after that age. Each gateway keeps its own cache.
/// </summary>
public sealed class LinkValidationCache(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _validatedAt = new(StringComparer.Ordinal);
    private long _lastSweepTicks;

    /// <summary>The link's status: refreshed if due and validated at the provider when this gateway last did so
    /// longer ago than <see cref="MaxAge"/>, else as stored, without a provider call.</summary>
    public async Task<LinkStatus> StatusAsync(string linkKey, IGitLinkGrain link)
    {
        var now = time.GetUtcNow();
        if (_validatedAt.TryGetValue(linkKey, out var at) && now - at < MaxAge)
            return await link.GetStatusAsync(refresh: false);
        var status = await link.ValidateAsync();
        _validatedAt[linkKey] = now;
        ForgetOld(now);
        return status;
    }

    /// <summary>Entries older than the age are worth nothing; dropping them (once per age) keeps the map as small as
    /// the set of recently listed links.</summary>
    private void ForgetOld(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - last < MaxAge.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, last) != last)
            return;
        foreach (var (key, at) in _validatedAt)
        {
            if (now - at >= MaxAge)
                _validatedAt.TryRemove(key, out _);
        }
    }
}
