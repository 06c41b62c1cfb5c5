using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>
/// Keeps refreshes started by reminders inside each provider's rate budget: a token bucket per provider.
/// A reminder that finds the bucket empty tries again a little later; the refresh margin leaves room for that.
/// </summary>
internal sealed class ScheduledRefreshBudget(IOptions<LinkOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);
    private readonly int _perMinute = options.Value.ScheduledRefreshesPerMinute;

    public bool TryAcquire(string providerId)
    {
        var bucket = _buckets.GetOrAdd(providerId, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, _perMinute / 6),
            TokensPerPeriod = Math.Max(1, _perMinute / 60),
            ReplenishmentPeriod = _perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / _perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    /// <summary>How long a refused reminder waits before it asks again: spread over the next few seconds.</summary>
    public static TimeSpan DeferDelay() => TimeSpan.FromMilliseconds(1_000 + Random.Shared.Next(9_000));

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
            bucket.Dispose();
    }
}
