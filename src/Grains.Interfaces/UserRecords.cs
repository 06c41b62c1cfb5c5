namespace GitIntegration.Grains.Interfaces;

public static class Roles
{
    public const string Admin = "admin";
    public const string Member = "member";
}

/// <summary>A user of this service. LinkedProviders lists the provider ids the user has links for.</summary>
public sealed record UserProfile(
    string Id,
    string Username,
    string Role,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> LinkedProviders);

/// <summary>The user's SSH public key (the private key is only given to the user itself).</summary>
public sealed record UserSshKey(
    string UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string PublicKey,
    string Fingerprint,
    string Algorithm);

/// <summary>A newly created session key; Key is shown once and stored only as its SHA-256.</summary>
public sealed record ApiKeyCreated(string Id, string Key, DateTimeOffset? ExpiresAt);

public sealed record ApiKeySummary(string Id, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

public sealed record CreateApiKeyRequest(string? Name, TimeSpan? Lifetime);

/// <summary>What a session token hashes to: its owner, its expiry, whether it was revoked.</summary>
public sealed record ApiKeyRecord(string Id, string UserId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool Revoked);
