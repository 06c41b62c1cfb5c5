namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>Token lifetimes: per-app override, then per-instance setting, then the provider default.</summary>
public static class TokenLifetimes
{
    /// <summary>Whether tokens issued to this app for this scope expire and come with a refresh token.</summary>
    public static bool IssuesRefreshToken(ProviderInstance instance, OAuthApp app, string scope) => instance.Type switch
    {
        // GitHub: GitHub Apps with "expire user authorization tokens" on; OAuth Apps only when set to expire
        // or when the request asked for offline_access (2026 behaviour).
        ProviderType.GitHub => app.ExpiringTokens || HasScope(scope, "offline_access"),
        // Entra returns a refresh token only when offline_access was requested.
        ProviderType.Entra => HasScope(scope, "offline_access"),
        _ => true,
    };

    public static TimeSpan? AccessToken(ProviderInstance instance, OAuthApp app, string scope)
    {
        if (instance.Type == ProviderType.GitHub && !IssuesRefreshToken(instance, app, scope))
        {
            return null; // classic OAuth App and non-expiring GitHub App tokens never expire
        }

        var seconds = app.AccessTokenLifetimeSeconds ?? instance.Settings.AccessTokenLifetimeSeconds;
        if (seconds is null && instance.Type == ProviderType.Entra)
        {
            // Entra's access tokens last between 60 and 90 minutes; clients must honour expires_in.
            return TimeSpan.FromSeconds(3600 + System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 1800));
        }

        seconds ??= instance.Profile.AccessTokenLifetimeSeconds;
        return seconds is { } s ? TimeSpan.FromSeconds(s) : null;
    }

    public static TimeSpan? RefreshToken(ProviderInstance instance, OAuthApp app)
    {
        var seconds = app.RefreshTokenLifetimeSeconds ?? instance.Settings.RefreshTokenLifetimeSeconds ?? instance.Profile.RefreshTokenLifetimeSeconds;
        return seconds is { } s ? TimeSpan.FromSeconds(s) : null;
    }

    public static TimeSpan AuthorizationCode(ProviderInstance instance) =>
        TimeSpan.FromSeconds(instance.Settings.AuthCodeLifetimeSeconds ?? ProviderProfile.AuthCodeLifetimeSeconds);

    public static TimeSpan RefreshGrace(ProviderInstance instance) =>
        TimeSpan.FromSeconds(instance.Settings.RefreshGraceSeconds ?? ProviderProfile.BitbucketRefreshGraceSeconds);

    public static bool HasScope(string scope, string wanted) =>
        scope.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Contains(wanted, StringComparer.OrdinalIgnoreCase);
}
