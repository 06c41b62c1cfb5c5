using GitIntegration.ProviderEmulator.Core.Accounts;

namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>The result of a successful grant: what the provider's token endpoint turns into its response.</summary>
public sealed record IssuedTokens(OAuthApp App, Account Account, TokenRecord Access, TokenRecord? Refresh, string Scope, string? Nonce = null);

/// <summary>Creates access/refresh pairs with the provider's lifetimes and token shapes.</summary>
public static class TokenIssuer
{
    /// <summary>GitHub keeps at most ten live OAuth App tokens per user, app and scope; the eleventh revokes the oldest.</summary>
    private const int GitHubTokensPerGrant = 10;

    /// <summary>Issues a pair. Call under the instance lock when it must be atomic with other changes.</summary>
    public static IssuedTokens IssuePair(ProviderInstance instance, OAuthApp app, Account account, string scope, bool viaDevice, string? nonce = null)
    {
        var now = instance.Now;
        var accessExpires = now + TokenLifetimes.AccessToken(instance, app, scope);
        var access = new TokenRecord
        {
            Value = TokenValues.AccessToken(instance, app, account, now, accessExpires, scope),
            Kind = TokenKind.Access,
            AccountId = account.Id,
            ClientId = app.ClientId,
            Scope = scope,
            IssuedAt = now,
            ExpiresAt = accessExpires,
            ViaDeviceFlow = viaDevice,
            Id = instance.Tokens.NextId(),
        };

        TokenRecord? refresh = null;
        if (TokenLifetimes.IssuesRefreshToken(instance, app, scope))
        {
            refresh = new TokenRecord
            {
                Value = TokenValues.RefreshToken(instance),
                Kind = TokenKind.Refresh,
                AccountId = account.Id,
                ClientId = app.ClientId,
                Scope = scope,
                IssuedAt = now,
                ExpiresAt = now + TokenLifetimes.RefreshToken(instance, app),
                ViaDeviceFlow = viaDevice,
                PairedValue = access.Value,
                Id = instance.Tokens.NextId(),
            };
            access.PairedValue = refresh.Value;
        }

        lock (instance.Gate)
        {
            if (instance.Type == ProviderType.GitHub && refresh is null)
            {
                var live = instance.Tokens.LiveAccessTokens(account.Id, app.ClientId, scope, now);
                foreach (var oldest in live.Take(Math.Max(0, live.Count - (GitHubTokensPerGrant - 1))))
                {
                    instance.Tokens.Revoke(oldest, now, withPair: true);
                }
            }

            instance.Tokens.Add(access);
            if (refresh is not null)
            {
                instance.Tokens.Add(refresh);
            }
        }

        return new IssuedTokens(app, account, access, refresh, scope, nonce);
    }

    /// <summary>Whole seconds until the token expires (a fresh 2-hour token says 7200), never negative.</summary>
    public static long? ExpiresIn(TokenRecord token, DateTimeOffset now) =>
        token.ExpiresAt is { } at ? Math.Max(0, (long)Math.Round((at - now).TotalSeconds)) : null;
}
