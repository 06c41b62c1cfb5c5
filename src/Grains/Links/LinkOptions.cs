namespace GitIntegration.Grains.Links;

/// <summary>How links keep their tokens fresh, bound from <c>GitIntegration:Links</c>.</summary>
public sealed class LinkOptions
{
    public const string SectionName = "GitIntegration:Links";

    /// <summary>A token is refreshed once it is within this much of its expiry (upper bound of the margin).</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The margin is at most this fraction of the token's lifetime, so short-lived tokens are not refreshed at once.</summary>
    public double RefreshMarginFraction { get; set; } = 0.1;

    /// <summary>First wait after a transient refresh failure; doubles with each further failure.</summary>
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often every link re-validates its token at the provider.</summary>
    public TimeSpan RevalidateInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Refreshes that reminders may start per provider and minute; callers waiting for a token are not limited.</summary>
    public int ScheduledRefreshesPerMinute { get; set; } = 600;

    /// <summary>Time limit of one provider operation, its own retries included (a backstop: the provider HTTP
    /// client has per-attempt limits of its own).</summary>
    public TimeSpan ProviderCallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a refresh claim keeps other activations from presenting the same refresh token. The
    /// attempt itself is cut off after ProviderCallTimeout, so this must be longer; after an attempt without an
    /// answer it is also how long the link waits before presenting the token once more.</summary>
    public TimeSpan RefreshClaimLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a caller waits for a refresh another activation has claimed before it is told to come back.</summary>
    public TimeSpan ClaimWaitLimit { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The title of the SSH key uploaded to providers.</summary>
    public string SshKeyTitle { get; set; } = "GitIntegration";
}
