using GitIntegration.Actors;

namespace GitIntegration.Grains.Interfaces;

/// <summary>A user, key = user id: profile, role, SSH key pair (private key encrypted), linked providers, session keys.</summary>
[GrainType("user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Null when no such user exists.</summary>
    [Idempotent]
    Task<UserProfile?> GetAsync();

    /// <summary>Creates the user (the username must already be claimed for this id, see IUsernameGrain).</summary>
    Task<UserProfile> CreateAsync(string username, string role);

    Task<UserProfile> SetRoleAsync(string role);

    [Idempotent]
    Task AddLinkAsync(string providerId);

    [Idempotent]
    Task RemoveLinkAsync(string providerId);

    /// <summary>The user's SSH key, generated on first use with the configured algorithm.</summary>
    [Idempotent]
    Task<UserSshKey> GetSshKeyAsync();

    /// <summary>Generates a new pair and re-syncs it to every linked provider.</summary>
    Task<UserSshKey> RegenerateSshKeyAsync();

    [Idempotent]
    Task<string> GetSshPrivateKeyAsync();

    Task<ApiKeyCreated> CreateApiKeyAsync(CreateApiKeyRequest request);

    [Idempotent]
    Task<IReadOnlyList<ApiKeySummary>> ListApiKeysAsync();

    /// <summary>False when the user has no key with that id.</summary>
    Task<bool> RevokeApiKeyAsync(string keyId);
}

/// <summary>Claims a username for one user id, key = the lower-cased username.</summary>
[GrainType("username")]
public interface IUsernameGrain : IGrainWithStringKey
{
    [Idempotent]
    Task<string?> GetUserIdAsync();

    /// <summary>True if the name is now (or already was) this user's; false if another user holds it.</summary>
    [Idempotent]
    Task<bool> ClaimAsync(string userId);
}

/// <summary>Maps a provider account to the user who signed in with it, key <c>{providerId}/{accountId}</c>.</summary>
[GrainType("externalidentity")]
public interface IExternalIdentityGrain : IGrainWithStringKey
{
    [Idempotent]
    Task<string?> GetUserIdAsync();

    /// <summary>Returns the user id now bound to the identity (the given one, unless another was bound first).</summary>
    [Idempotent]
    Task<string> BindAsync(string userId);
}

/// <summary>A session token, key = lower-case hex SHA-256 of the token. The token itself is never stored.</summary>
[GrainType("apikey")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    Task CreateAsync(ApiKeyRecord record);

    /// <summary>Null when unknown. Callers check Revoked and ExpiresAt.</summary>
    [Idempotent]
    Task<ApiKeyRecord?> GetAsync();

    [Idempotent]
    Task RevokeAsync();

    [Idempotent]
    Task TouchAsync();
}
