namespace GitIntegration.ProviderEmulator.Core.OAuth;

public enum TokenKind
{
    Access,
    Refresh,
    PersonalAccess,
    OAuth1Access,
}

/// <summary>One issued token. The value stays in memory only and is never logged.</summary>
public sealed class TokenRecord
{
    public required string Value { get; init; }
    public required TokenKind Kind { get; init; }
    public required long AccountId { get; init; }
    /// <summary>The app (or OAuth 1 consumer) the token was issued to; null for personal access tokens.</summary>
    public string? ClientId { get; init; }
    public string Scope { get; init; } = "";
    public required DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>For refresh tokens: when it was first spent.</summary>
    public DateTimeOffset? FirstUsedAt { get; set; }
    /// <summary>The other half of an access/refresh pair.</summary>
    public string? PairedValue { get; set; }
    public bool ViaDeviceFlow { get; init; }
    /// <summary>A numeric id, as GitHub shows for an authorization.</summary>
    public long Id { get; init; }
    public string? Name { get; init; }

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && now >= expires;

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && !IsExpired(now);

    public string KindName => Kind switch
    {
        TokenKind.Access => "access_token",
        TokenKind.Refresh => "refresh_token",
        TokenKind.PersonalAccess => "personal_access_token",
        TokenKind.OAuth1Access => "oauth1_access_token",
        _ => "unknown",
    };
}
