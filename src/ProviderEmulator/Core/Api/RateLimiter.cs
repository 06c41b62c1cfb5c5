namespace GitIntegration.ProviderEmulator.Core.Api;

/// <summary>The state of one caller's rate-limit window.</summary>
public sealed record RateWindow(int Limit, int Used, DateTimeOffset ResetAt)
{
    public int Remaining => Math.Max(0, Limit - Used);
    public bool Exceeded => Used > Limit;
}

/// <summary>Fixed-window request counting per caller (account, or anonymous), like the providers' primary limits.</summary>
public sealed class RateLimiter(Lock gate)
{
    private readonly Dictionary<string, (DateTimeOffset Start, int Used)> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one request and returns the window, or null when the instance has no rate limit.</summary>
    public RateWindow? Hit(ProviderInstance instance, string caller) => Observe(instance, caller, count: true);

    /// <summary>The window without counting (GitHub's GET /rate_limit does not count).</summary>
    public RateWindow? Peek(ProviderInstance instance, string caller) => Observe(instance, caller, count: false);

    private RateWindow? Observe(ProviderInstance instance, string caller, bool count)
    {
        var limit = instance.Settings.RateLimit ?? instance.Profile.RateLimit;
        if (limit is not > 0)
        {
            return null;
        }

        var window = TimeSpan.FromSeconds(instance.Settings.RateLimitWindowSeconds ?? instance.Profile.RateLimitWindowSeconds);
        var now = instance.Now;
        lock (gate)
        {
            var (start, used) = _windows.GetValueOrDefault(caller, (now, 0));
            if (now - start >= window)
            {
                (start, used) = (now, 0);
            }

            if (count)
            {
                used++;
            }

            _windows[caller] = (start, used);
            return new RateWindow(limit.Value, used, start + window);
        }
    }
}
