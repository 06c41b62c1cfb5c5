namespace GitIntegration.ProviderEmulator.Core;

/// <summary>What happens to the old tokens when a refresh token is spent.</summary>
public enum RefreshRotation
{
    /// <summary>Old refresh token and old access token die at once (GitHub, GitLab, Bitbucket Server).</summary>
    RevokeOldPair,
    /// <summary>Old refresh token dies at once, old access token lives until it expires (generic OAuth 2.1 style).</summary>
    RevokeOldRefresh,
    /// <summary>Old refresh token keeps working for a grace period after its first use (Bitbucket Cloud, 10 minutes).</summary>
    GraceAfterFirstUse,
    /// <summary>Old refresh token is not revoked (Entra ID).</summary>
    KeepOld,
    /// <summary>Old refresh token is rejected only when the instance's invalidate_refresh_tokens setting is on (Gitea).</summary>
    KeepOldUnlessInvalidateSetting,
}

public enum RedirectMatching
{
    Exact,
    /// <summary>The requested redirect_uri must start with a registered one (Bitbucket Cloud).</summary>
    Prefix,
    /// <summary>GitHub OAuth App rule: same host and port (any port on loopback), path equal or below.</summary>
    GitHubOAuthApp,
}

/// <summary>Fixed facts about one provider type; per-instance settings and per-app fields override lifetimes.</summary>
public sealed record ProviderProfile(
    ProviderType Type,
    string DisplayName,
    int? AccessTokenLifetimeSeconds,
    int? RefreshTokenLifetimeSeconds,
    RefreshRotation Rotation,
    bool SupportsDeviceFlow,
    bool DeviceFlowOnByDefault,
    bool DeviceSlowDown,
    int DeviceCodeLifetimeSeconds,
    int DeviceIntervalSeconds,
    IReadOnlyList<string> PkceMethods,
    RedirectMatching RedirectMatching,
    bool RedirectUriRequired,
    bool ResponseTypeRequired,
    bool TokenParamsFromQuery,
    bool TokenParamsFromJson,
    int? RateLimit,
    int RateLimitWindowSeconds,
    string DenyDescription)
{
    public const int AuthCodeLifetimeSeconds = 600;
    public const int BitbucketRefreshGraceSeconds = 600;

    private static readonly string[] S256Only = ["S256"];
    private static readonly string[] S256AndPlain = ["S256", "plain"];

    public static ProviderProfile For(ProviderType type) => type switch
    {
        // GitHub: classic OAuth App tokens never expire; expiring tokens are 8 h + ~6 months (see TokenLifetimes).
        ProviderType.GitHub => new(type, "GitHub", 28800, 15897600, RefreshRotation.RevokeOldPair,
            SupportsDeviceFlow: true, DeviceFlowOnByDefault: false, DeviceSlowDown: true, 900, 5, S256Only,
            RedirectMatching.GitHubOAuthApp, RedirectUriRequired: false, ResponseTypeRequired: false,
            TokenParamsFromQuery: true, TokenParamsFromJson: true, RateLimit: 5000, RateLimitWindowSeconds: 3600,
            "The user has denied your application access."),
        ProviderType.GitLab => new(type, "GitLab", 7200, null, RefreshRotation.RevokeOldPair,
            true, true, true, 300, 5, S256AndPlain, RedirectMatching.Exact, true, true,
            true, true, 2000, 60,
            "The resource owner or authorization server denied the request."),
        ProviderType.BitbucketCloud => new(type, "Bitbucket Cloud", 7200, 7776000, RefreshRotation.GraceAfterFirstUse,
            false, false, false, 0, 0, S256AndPlain, RedirectMatching.Prefix, false, true,
            true, false, 1000, 3600,
            "The resource owner denied access."),
        ProviderType.BitbucketServer => new(type, "Bitbucket Data Center", 3600, 7776000, RefreshRotation.RevokeOldPair,
            false, false, false, 0, 0, S256AndPlain, RedirectMatching.Exact, false, true,
            true, false, null, 60,
            "The user denied the request."),
        ProviderType.Gitea => new(type, "Gitea", 3600, 730 * 3600, RefreshRotation.KeepOldUnlessInvalidateSetting,
            false, false, false, 0, 0, S256AndPlain, RedirectMatching.Exact, true, true,
            true, true, null, 60,
            "the request is denied"),
        ProviderType.Entra => new(type, "Microsoft Entra ID", 3600, 7776000, RefreshRotation.KeepOld,
            true, true, false, 900, 5, S256AndPlain, RedirectMatching.Exact, false, true,
            false, false, null, 300,
            "AADSTS65004: User declined to consent to access the app."),
        ProviderType.OAuth2 => new(type, "OAuth 2.0", 3600, 2592000, RefreshRotation.RevokeOldRefresh,
            true, true, true, 600, 5, S256AndPlain, RedirectMatching.Exact, false, true,
            false, false, null, 60,
            "The resource owner denied the request."),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
