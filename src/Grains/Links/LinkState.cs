using System.Text.Json.Serialization;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Grains.Links;

/// <summary>
/// Everything one user-provider link keeps, stored as one row. Every secret is an <see cref="EncryptedSecret"/>
/// (see <see cref="TokenVault"/>); a link exists while <see cref="AccessToken"/> is set.
/// </summary>
public sealed record LinkState
{
    public ExternalAccount? Account { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<LinkMethod>))]
    public LinkMethod Method { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<TokenKind>))]
    public TokenKind TokenKind { get; init; }

    public EncryptedSecret? AccessToken { get; init; }
    public EncryptedSecret? RefreshToken { get; init; }

    /// <summary>OAuth 1.0a token secret.</summary>
    public EncryptedSecret? TokenSecret { get; init; }

    /// <summary>The token response's extra fields as JSON (they can hold an id_token), encrypted.</summary>
    public EncryptedSecret? TokenExtra { get; init; }

    /// <summary>Username for personal tokens that need HTTP Basic.</summary>
    public string? TokenUsername { get; init; }

    public string? Scopes { get; init; }

    /// <summary>When the current access token was obtained; with ExpiresAt it gives the token's lifetime.</summary>
    public DateTimeOffset? IssuedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset? LastRefreshedAt { get; init; }

    public DateTimeOffset? ValidatedAt { get; init; }
    public string? ValidateError { get; init; }

    /// <summary>git or a validation reported the token rejected: validate before handing it out again.</summary>
    public bool TokenRejected { get; init; }

    /// <summary>The provider refused the link for good; nothing reaches the provider again until the user relinks.</summary>
    public bool NeedsReauthentication { get; init; }
    public string? ReauthenticationReason { get; init; }

    /// <summary>Consecutive transient refresh failures, and when the next attempt may start.</summary>
    public int RefreshFailures { get; init; }
    public DateTimeOffset? RefreshRetryAt { get; init; }
    public string? LastRefreshError { get; init; }

    /// <summary>Set while a refresh token is being spent, or its outcome is unknown (see <see cref="TokenRefresher"/>).</summary>
    public RefreshClaim? Claim { get; init; }

    public SshKeySyncState? Ssh { get; init; }
    public PendingWebFlow? PendingWebFlow { get; init; }
    public PendingDeviceFlow? PendingDevice { get; init; }

    [JsonIgnore]
    public bool IsLinked => AccessToken is not null;

    /// <summary>Nothing worth keeping: no link and no flow in progress; stored as a cleared record.</summary>
    [JsonIgnore]
    public bool IsEmpty => !IsLinked && PendingWebFlow is null && PendingDevice is null;

    /// <summary>The link's secrets, for key rotation.</summary>
    [JsonIgnore]
    public IEnumerable<EncryptedSecret> Secrets =>
        new[] { AccessToken, RefreshToken, TokenSecret, TokenExtra, PendingWebFlow?.CodeVerifier, PendingWebFlow?.PendingSecret }
            .OfType<EncryptedSecret>();

    public override string ToString() =>
        $"LinkState(linked {IsLinked}, account {Account?.Login ?? "-"}, {Method}, expires {ExpiresAt?.ToString("u") ?? "never"}, " +
        $"refresh {(RefreshToken is null ? "no" : "yes")}, reauth {NeedsReauthentication}, claim {Claim?.ToString() ?? "none"})";
}

/// <summary>
/// A refresh in progress: written (ETag-checked) before the refresh token is presented, so no other activation
/// presents it too. SpentTokenHash is the SHA-256 of the refresh token being spent, never the token. Until
/// Deadline nobody else may present that token; OutcomeUnknown says the attempt ended without an answer (timeout,
/// reset, 5xx after sending), so the provider may already have rotated the pair; ProviderRotated says the provider
/// was seen refusing the old access token meanwhile, so it did, and the token must not be presented again.
/// </summary>
public sealed record RefreshClaim(string Id, string SpentTokenHash, DateTimeOffset Deadline, bool OutcomeUnknown = false, bool ProviderRotated = false)
{
    public override string ToString() =>
        $"RefreshClaim({Id[..8]}, until {Deadline:u}{(OutcomeUnknown ? ", outcome unknown" : "")}{(ProviderRotated ? ", provider rotated" : "")})";
}

/// <summary>Where the link's SSH key stands at the provider. KeyId and Fingerprint name the key we uploaded.</summary>
public sealed record SshKeySyncState(bool Synced, string? KeyId, string? Fingerprint, DateTimeOffset? SyncedAt, string? Error);

/// <summary>
/// A web flow between authorize and callback. The state value itself is not kept, only its SHA-256; the PKCE
/// verifier and an OAuth 1.0a request-token secret are encrypted.
/// </summary>
public sealed record PendingWebFlow(
    string StateHash,
    DateTimeOffset StartedAt,
    string CallbackUrl,
    string? ReturnTo,
    EncryptedSecret? CodeVerifier,
    EncryptedSecret? PendingSecret)
{
    public override string ToString() => $"PendingWebFlow(started {StartedAt:u})";
}

/// <summary>A device authorization in progress: the SHA-256 of its device code, its expiry and the poll interval.</summary>
public sealed record PendingDeviceFlow(string DeviceCodeHash, DateTimeOffset ExpiresAt, int Interval)
{
    public override string ToString() => $"PendingDeviceFlow(expires {ExpiresAt:u}, every {Interval} s)";
}
