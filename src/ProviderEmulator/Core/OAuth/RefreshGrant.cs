namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>grant_type=refresh_token with each provider's rotation rule (see RefreshRotation).</summary>
public static class RefreshGrant
{
    public static (IssuedTokens? Tokens, OAuthError? Error) Refresh(ProviderInstance instance, ClientCredentials client, OAuthParameters p)
    {
        var value = p["refresh_token"];
        if (value is null)
        {
            return Fail(instance, OAuthErrorKind.InvalidRequest, "refresh_token is missing");
        }

        lock (instance.Gate)
        {
            var now = instance.Now;
            var token = instance.Tokens.Find(value);
            if (token is null || token.Kind != TokenKind.Refresh || token.ClientId != client.App.ClientId)
            {
                return Fail(instance, OAuthErrorKind.RefreshTokenInvalid);
            }

            // The device flow issues tokens to clients that hold no secret (GitHub documents this for refresh).
            if (client.App.IsConfidential && !client.SecretPresented && !token.ViaDeviceFlow)
            {
                return Fail(instance, OAuthErrorKind.InvalidClient, "client_secret is missing");
            }

            if (token.RevokedAt is not null)
            {
                return Fail(instance, OAuthErrorKind.RefreshTokenRevoked);
            }

            if (token.IsExpired(now))
            {
                return Fail(instance, OAuthErrorKind.RefreshTokenExpired);
            }

            if (token.FirstUsedAt is { } firstUse && ReuseRejected(instance, firstUse, now) is { } reuseError)
            {
                return Fail(instance, reuseError);
            }

            var account = instance.Accounts.FindById(token.AccountId);
            if (account is null)
            {
                return Fail(instance, OAuthErrorKind.RefreshTokenInvalid);
            }

            var issued = TokenIssuer.IssuePair(instance, client.App, account, token.Scope, token.ViaDeviceFlow);
            token.FirstUsedAt ??= now;
            switch (instance.Profile.Rotation)
            {
                case RefreshRotation.RevokeOldPair:
                    instance.Tokens.Revoke(token, now, withPair: true);
                    break;
                case RefreshRotation.RevokeOldRefresh:
                    instance.Tokens.Revoke(token, now, withPair: false);
                    break;
            }

            instance.Counters.RefreshSucceeded(instance.Name);
            return (issued, null);
        }
    }

    /// <summary>Whether a refresh token that was already spent may be spent again.</summary>
    private static OAuthErrorKind? ReuseRejected(ProviderInstance instance, DateTimeOffset firstUse, DateTimeOffset now) =>
        instance.Profile.Rotation switch
        {
            RefreshRotation.GraceAfterFirstUse when now - firstUse > TokenLifetimes.RefreshGrace(instance) => OAuthErrorKind.RefreshTokenExpired,
            RefreshRotation.KeepOldUnlessInvalidateSetting when instance.Settings.InvalidateRefreshTokens => OAuthErrorKind.RefreshTokenReused,
            RefreshRotation.RevokeOldPair or RefreshRotation.RevokeOldRefresh => OAuthErrorKind.RefreshTokenRevoked,
            _ => null,
        };

    private static (IssuedTokens?, OAuthError?) Fail(ProviderInstance instance, OAuthErrorKind kind, string? detail = null)
    {
        instance.Counters.RefreshFailed(instance.Name);
        return (null, new OAuthError(kind, detail));
    }
}
