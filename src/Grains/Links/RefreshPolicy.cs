using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>
/// When a token is due for refresh, when the reminder refreshes it ahead of expiry, and how long to back off
/// after a transient failure. Pure arithmetic over the options; randomness comes in as an argument.
/// </summary>
internal sealed class RefreshPolicy(IOptions<LinkOptions> options)
{
    private const double JitterFraction = 0.1;
    private readonly LinkOptions _options = options.Value;

    /// <summary>min(RefreshMargin, fraction × lifetime); the full margin when the lifetime is unknown.</summary>
    public TimeSpan Margin(DateTimeOffset? issuedAt, DateTimeOffset expiresAt)
    {
        if (issuedAt is null || issuedAt >= expiresAt)
            return _options.RefreshMargin;
        var share = (expiresAt - issuedAt.Value) * _options.RefreshMarginFraction;
        return share < _options.RefreshMargin ? share : _options.RefreshMargin;
    }

    /// <summary>From this moment on a caller asking for the token refreshes it first.</summary>
    public DateTimeOffset DueAt(DateTimeOffset? issuedAt, DateTimeOffset expiresAt) => expiresAt - Margin(issuedAt, expiresAt);

    /// <summary>When the refresh reminder fires: the due time less a random jitter of up to 10 % of the margin,
    /// so links issued together do not all refresh in the same second.</summary>
    public DateTimeOffset ScheduledAt(DateTimeOffset? issuedAt, DateTimeOffset expiresAt, double random0To1) =>
        DueAt(issuedAt, expiresAt) - Margin(issuedAt, expiresAt) * (JitterFraction * random0To1);

    /// <summary>The earliest moment a reminder tick counts as on time (the largest jitter, and a second of clock slack).</summary>
    public DateTimeOffset ScheduledWindowStart(DateTimeOffset? issuedAt, DateTimeOffset expiresAt) =>
        DueAt(issuedAt, expiresAt) - Margin(issuedAt, expiresAt) * JitterFraction - TimeSpan.FromSeconds(1);

    /// <summary>Exponential backoff after the n-th consecutive transient failure, at least what the provider asked for.</summary>
    public TimeSpan Backoff(int failures, TimeSpan? providerRetryAfter)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryInitialBackoff.Ticks * Math.Pow(2, exponent), _options.RetryMaxBackoff.Ticks));
        return providerRetryAfter is { } asked && asked > delay ? asked : delay;
    }
}
