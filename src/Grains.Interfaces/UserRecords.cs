namespace GitIntegration.Grains.Interfaces;

public static class Roles
{
    public const string Admin = "admin";
    public const string Member = "member";
}

/// <summary>A user of this service. LinkedProviders lists the provider ids the user has links for.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.UserProfile")]
public sealed record UserProfile(
    string Id,
    string Username,
    string Role,
    DateTimeOffset CreatedAt,
    string[] LinkedProviders);

/// <summary>The user's SSH public key (the private key is only given to the user itself).</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.UserSshKey")]
public sealed record UserSshKey(
    string UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string PublicKey,
    string Fingerprint,
    string Algorithm);

/// <summary>A newly created session key; Key is shown once and stored only as its SHA-256.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.ApiKeyCreated")]
public sealed record ApiKeyCreated(string Id, string Key, DateTimeOffset? ExpiresAt);

[GenerateSerializer, Immutable, Alias("GitIntegration.ApiKeySummary")]
public sealed record ApiKeySummary(string Id, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

[GenerateSerializer, Immutable, Alias("GitIntegration.CreateApiKeyRequest")]
public sealed record CreateApiKeyRequest(string? Name, TimeSpan? Lifetime);

/// <summary>What a session token hashes to: its owner, its expiry, whether it was revoked.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.ApiKeyRecord")]
public sealed record ApiKeyRecord(string Id, string UserId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, bool Revoked);
