namespace GitIntegration.Grains.Interfaces;

/// <summary>A user, key = user id: profile, role, SSH key pair (private key encrypted), linked providers, session keys.</summary>
[Alias("GitIntegration.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Null when no such user exists.</summary>
    [Idempotent, Alias("GetAsync")]
    Task<UserProfile?> GetAsync();

    /// <summary>Creates the user (the username must already be claimed for this id, see IUsernameGrain).</summary>
    [Alias("CreateAsync")]
    Task<UserProfile> CreateAsync(string username, string role);

    [Alias("SetRoleAsync")]
    Task<UserProfile> SetRoleAsync(string role);

    [Idempotent, Alias("AddLinkAsync")]
    Task AddLinkAsync(string providerId);

    [Idempotent, Alias("RemoveLinkAsync")]
    Task RemoveLinkAsync(string providerId);

    /// <summary>The user's SSH key, generated on first use with the configured algorithm.</summary>
    [Idempotent, Alias("GetSshKeyAsync")]
    Task<UserSshKey> GetSshKeyAsync();

    /// <summary>Generates a new pair and re-syncs it to every linked provider.</summary>
    [Alias("RegenerateSshKeyAsync")]
    Task<UserSshKey> RegenerateSshKeyAsync();

    [Idempotent, Alias("GetSshPrivateKeyAsync")]
    Task<string> GetSshPrivateKeyAsync();

    [Alias("CreateApiKeyAsync")]
    Task<ApiKeyCreated> CreateApiKeyAsync(CreateApiKeyRequest request);

    [Idempotent, Alias("ListApiKeysAsync")]
    Task<ApiKeySummary[]> ListApiKeysAsync();

    /// <summary>False when the user has no key with that id.</summary>
    [Alias("RevokeApiKeyAsync")]
    Task<bool> RevokeApiKeyAsync(string keyId);
}

/// <summary>Claims a username for one user id, key = the lower-cased username.</summary>
[Alias("GitIntegration.IUsernameGrain")]
public interface IUsernameGrain : IGrainWithStringKey
{
    [Idempotent, Alias("GetUserIdAsync")]
    Task<string?> GetUserIdAsync();

    /// <summary>True if the name is now (or already was) this user's; false if another user holds it.</summary>
    [Idempotent, Alias("ClaimAsync")]
    Task<bool> ClaimAsync(string userId);
}

/// <summary>Maps a provider account to the user who signed in with it, key <c>{providerId}/{accountId}</c>.</summary>
[Alias("GitIntegration.IExternalIdentityGrain")]
public interface IExternalIdentityGrain : IGrainWithStringKey
{
    [Idempotent, Alias("GetUserIdAsync")]
    Task<string?> GetUserIdAsync();

    /// <summary>Returns the user id now bound to the identity (the given one, unless another was bound first).</summary>
    [Idempotent, Alias("BindAsync")]
    Task<string> BindAsync(string userId);
}

/// <summary>A session token, key = lower-case hex SHA-256 of the token. The token itself is never stored.</summary>
[Alias("GitIntegration.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("CreateAsync")]
    Task CreateAsync(ApiKeyRecord record);

    /// <summary>Null when unknown. Callers check Revoked and ExpiresAt.</summary>
    [Idempotent, Alias("GetAsync")]
    Task<ApiKeyRecord?> GetAsync();

    [Idempotent, Alias("RevokeAsync")]
    Task RevokeAsync();

    [Idempotent, Alias("TouchAsync")]
    Task TouchAsync();
}
