using System.Text.Json;
using Orleans.Runtime;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Grains.Links;

/// <summary>
/// Moves a link's secrets between plaintext (in memory only) and <see cref="EncryptedSecret"/> (in state).
/// Each value is bound to its grain and field ("{grainId}:{field}"), so it cannot be copied to another link
/// or another field and still decrypt.
/// </summary>
internal sealed class TokenVault(SecretProtector protector)
{
    public const string AccessTokenField = "accessToken";
    public const string RefreshTokenField = "refreshToken";
    public const string TokenSecretField = "tokenSecret";
    public const string TokenExtraField = "tokenExtra";
    public const string CodeVerifierField = "codeVerifier";
    public const string PendingSecretField = "pendingSecret";

    public static string AssociatedData(GrainId grain, string field) => $"{grain}:{field}";

    public EncryptedSecret? Protect(string? plaintext, GrainId grain, string field) =>
        plaintext is null ? null : protector.Encrypt(plaintext, AssociatedData(grain, field));

    public string? Reveal(EncryptedSecret? secret, GrainId grain, string field) =>
        secret is null ? null : protector.Decrypt(secret, AssociatedData(grain, field));

    /// <summary>The link's credentials in plaintext; null when there is no link.</summary>
    public TokenSet? ToTokenSet(LinkState state, GrainId grain)
    {
        if (state.AccessToken is null)
            return null;
        var extra = Reveal(state.TokenExtra, grain, TokenExtraField);
        return new TokenSet
        {
            AccessToken = Reveal(state.AccessToken, grain, AccessTokenField)!,
            Kind = state.TokenKind,
            RefreshToken = Reveal(state.RefreshToken, grain, RefreshTokenField),
            TokenSecret = Reveal(state.TokenSecret, grain, TokenSecretField),
            ExpiresAt = state.ExpiresAt,
            RefreshTokenExpiresAt = state.RefreshTokenExpiresAt,
            Scopes = state.Scopes,
            Username = state.TokenUsername,
            Extra = extra is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(extra),
        };
    }

    /// <summary>The state with these credentials stored, obtained at <paramref name="issuedAt"/>.</summary>
    public LinkState WithTokens(LinkState state, TokenSet tokens, GrainId grain, DateTimeOffset issuedAt) => state with
    {
        TokenKind = tokens.Kind,
        AccessToken = Protect(tokens.AccessToken, grain, AccessTokenField),
        RefreshToken = Protect(tokens.RefreshToken, grain, RefreshTokenField),
        TokenSecret = Protect(tokens.TokenSecret, grain, TokenSecretField),
        TokenExtra = tokens.Extra is { Count: > 0 } ? Protect(JsonSerializer.Serialize(tokens.Extra), grain, TokenExtraField) : null,
        TokenUsername = tokens.Username,
        Scopes = tokens.Scopes,
        IssuedAt = issuedAt,
        ExpiresAt = tokens.ExpiresAt,
        RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt,
    };

    /// <summary>True when some secret was written under a key that is no longer the current one.</summary>
    public bool HasStaleKeys(LinkState state) => state.Secrets.Any(s => !protector.IsCurrentKey(s));

    /// <summary>Rewrites every secret that is under an older key under the current one.</summary>
    public LinkState Reencrypt(LinkState state, GrainId grain)
    {
        if (!HasStaleKeys(state))
            return state;
        EncryptedSecret? Again(EncryptedSecret? secret, string field) =>
            secret is null ? null : protector.Reencrypt(secret, AssociatedData(grain, field));
        return state with
        {
            AccessToken = Again(state.AccessToken, AccessTokenField),
            RefreshToken = Again(state.RefreshToken, RefreshTokenField),
            TokenSecret = Again(state.TokenSecret, TokenSecretField),
            TokenExtra = Again(state.TokenExtra, TokenExtraField),
            PendingWebFlow = state.PendingWebFlow is { } pending
                ? pending with
                {
                    CodeVerifier = Again(pending.CodeVerifier, CodeVerifierField),
                    PendingSecret = Again(pending.PendingSecret, PendingSecretField),
                }
                : null,
        };
    }
}
