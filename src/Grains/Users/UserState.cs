using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Grains.Users;

/// <summary>The persisted state of one user. Username is null until the user is created.</summary>
public sealed record UserState
{
    public string? Username { get; init; }
    public string Role { get; init; } = Roles.Member;
    public DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<string> LinkedProviders { get; init; } = [];
    public StoredSshKey? SshKey { get; init; }
    public IReadOnlyList<StoredApiKey> ApiKeys { get; init; } = [];
}

/// <summary>The user's SSH key pair; the private key only ever encrypted.</summary>
public sealed record StoredSshKey(
    string PublicKey,
    string Fingerprint,
    string Algorithm,
    EncryptedSecret PrivateKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A session key of the user: its id and the SHA-256 of the token (the token is never kept).</summary>
public sealed record StoredApiKey(string Id, string TokenHash, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;
}
