using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Ssh;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace GitIntegration.Grains.Users;

/// <summary>
/// A user: profile, role, linked providers, SSH key pair and session keys.
/// Reentrant because RegenerateSshKeyAsync waits for the user's links to re-sync, and each of them calls back
/// into GetSshKeyAsync for the new key; a gate keeps state changes one at a time.
/// </summary>
[Reentrant, GrainType("user")]
public sealed class UserGrain(
    [PersistentState("user")] IPersistentState<UserState> state,
    SecretProtector protector,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    private string PrivateKeyAssociatedData => $"{this.GetGrainId()}:ssh_private_key";

    public Task<UserProfile?> GetAsync() => Task.FromResult(state.State.Username is null ? null : ToProfile(state.State));

    public async Task<UserProfile> CreateAsync(string username, string role)
    {
        if (!GrainKeys.IsValidUsername(username))
            throw new InvalidRequestException($"username: '{username}' is not a valid username (letters, digits, '.', '_' and '-', up to 64).");
        RequireKnownRole(role);
        var holder = await GrainFactory.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).GetUserIdAsync();
        if (holder != this.GetPrimaryKeyString())
            throw new ConflictException($"username: '{username}' is not claimed for this user.");

        var updated = await UpdateAsync(current =>
        {
            if (current.Username is null)
                return current with { Username = username, Role = role, CreatedAt = time.GetUtcNow() };
            if (string.Equals(current.Username, username, StringComparison.OrdinalIgnoreCase))
                return current;
            throw new ConflictException($"The user already exists as '{current.Username}'.");
        });
        return ToProfile(updated);
    }

    public async Task<UserProfile> SetRoleAsync(string role)
    {
        RequireKnownRole(role);
        return ToProfile(await UpdateAsync(current => RequireUser(current) with { Role = role }));
    }

    public async Task AddLinkAsync(string providerId)
    {
        // A link without a user has nobody to list it for.
        if (state.State.Username is null || state.State.LinkedProviders.Contains(providerId))
            return;
        await UpdateAsync(current => current.LinkedProviders.Contains(providerId)
            ? current
            : current with { LinkedProviders = [.. current.LinkedProviders, providerId] });
    }

    public async Task RemoveLinkAsync(string providerId)
    {
        if (!state.State.LinkedProviders.Contains(providerId))
            return;
        await UpdateAsync(current => current with { LinkedProviders = current.LinkedProviders.Where(p => p != providerId).ToArray() });
    }

    public async Task<UserSshKey> GetSshKeyAsync()
    {
        RequireUser(state.State);
        if (state.State.SshKey is { } existing)
            return ToPublicKey(existing);
        var algorithm = await ConfiguredAlgorithmAsync();
        var updated = await UpdateAsync(current => current.SshKey is null
            ? current with { SshKey = NewKeyPair(current, algorithm, current.SshKey) }
            : current);
        return ToPublicKey(updated.SshKey!);
    }

    public async Task<UserSshKey> RegenerateSshKeyAsync()
    {
        RequireUser(state.State);
        var algorithm = await ConfiguredAlgorithmAsync();
        var updated = await UpdateAsync(current => current with { SshKey = NewKeyPair(current, algorithm, current.SshKey) });
        logger.LogInformation("Regenerated the SSH key of user {UserId} ({Fingerprint})", this.GetPrimaryKeyString(), updated.SshKey!.Fingerprint);
        await Task.WhenAll(updated.LinkedProviders.Select(SyncLinkAsync));
        return ToPublicKey(updated.SshKey!);
    }

    public async Task<string> GetSshPrivateKeyAsync()
    {
        await GetSshKeyAsync();
        return protector.Decrypt(state.State.SshKey!.PrivateKey, PrivateKeyAssociatedData);
    }

    public async Task<ApiKeyCreated> CreateApiKeyAsync(CreateApiKeyRequest request)
    {
        RequireUser(state.State);
        if (request.Lifetime is { } lifetime && lifetime <= TimeSpan.Zero)
            throw new InvalidRequestException("lifetime: must be positive.");
        if (request.Name is { Length: > 64 })
            throw new InvalidRequestException("name: at most 64 characters.");

        var token = ApiKeyTokens.NewToken();
        var now = time.GetUtcNow();
        var key = new StoredApiKey(ApiKeyTokens.NewKeyId(), ApiKeyTokens.HashOf(token), request.Name, now, now + request.Lifetime);
        // The user's list is written first: a key whose grain write then fails is listed but never works,
        // whereas the other order could leave a working key the user cannot see or revoke.
        await UpdateAsync(current => current with { ApiKeys = [.. current.ApiKeys.Where(k => !k.IsExpired(now)), key] });
        await GrainFactory.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(key.TokenHash))
            .CreateAsync(new ApiKeyRecord(key.Id, this.GetPrimaryKeyString(), key.Name, key.CreatedAt, key.ExpiresAt, Revoked: false));
        return new ApiKeyCreated(key.Id, token, key.ExpiresAt);
    }

    public Task<ApiKeySummary[]> ListApiKeysAsync()
    {
        var now = time.GetUtcNow();
        var keys = state.State.ApiKeys
            .Where(k => !k.IsExpired(now))
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.CreatedAt, k.ExpiresAt, LastUsedAt: null))
            .ToArray();
        return Task.FromResult(keys);
    }

    public async Task<bool> RevokeApiKeyAsync(string keyId)
    {
        // Under the gate, so of two concurrent revocations (a sign-in link used twice at once) exactly one wins.
        await _gate.WaitAsync();
        try
        {
            var key = state.State.ApiKeys.FirstOrDefault(k => k.Id == keyId);
            if (key is null)
                return false;
            await GrainFactory.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(key.TokenHash)).RevokeAsync();
            await ApplyAsync(current => current with { ApiKeys = current.ApiKeys.Where(k => k.Id != keyId).ToArray() });
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SyncLinkAsync(string providerId)
    {
        try
        {
            await GrainFactory.GetGrain<IGitLinkGrain>(GrainKeys.Link(this.GetPrimaryKeyString(), providerId)).SyncSshKeyAsync();
        }
        catch (Exception e)
        {
            // The link keeps its own sync error for the user to see; one failing provider must not stop the others.
            logger.LogWarning("Re-syncing the SSH key of user {UserId} to {ProviderId} failed: {Error}", this.GetPrimaryKeyString(), providerId, e.Message);
        }
    }

    private async Task<SshKeyAlgorithm> ConfiguredAlgorithmAsync()
    {
        var catalog = await GrainFactory.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog).GetAsync();
        return SshKeyAlgorithmNames.TryParse(catalog.SshKeygenAlgorithm, out var algorithm) ? algorithm : SshKeyAlgorithm.Ed25519;
    }

    private StoredSshKey NewKeyPair(UserState user, SshKeyAlgorithm algorithm, StoredSshKey? previous)
    {
        var pair = SshKeyGenerator.Generate(algorithm, $"{user.Username}@gitintegration");
        var now = time.GetUtcNow();
        return new StoredSshKey(pair.PublicKey, pair.Fingerprint, algorithm.ToSettingString(),
            protector.Encrypt(pair.PrivateKeyPem, PrivateKeyAssociatedData), previous?.CreatedAt ?? now, now);
    }

    /// <summary>Applies a change and persists it, one change at a time.</summary>
    private async Task<UserState> UpdateAsync(Func<UserState, UserState> change)
    {
        await _gate.WaitAsync();
        try
        {
            return await ApplyAsync(change);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies a change while holding the gate (compare-and-swap, see <see cref="PersistentStateUpdates"/>).</summary>
    private Task<UserState> ApplyAsync(Func<UserState, UserState> change) => state.UpdateAsync(change);

    private UserState RequireUser(UserState user) =>
        user.Username is null ? throw new NotFoundException($"User '{this.GetPrimaryKeyString()}' does not exist.") : user;

    private static void RequireKnownRole(string role)
    {
        if (role is not (Roles.Admin or Roles.Member))
            throw new InvalidRequestException($"role: '{role}' is not {Roles.Admin} or {Roles.Member}.");
    }

    private UserProfile ToProfile(UserState user) =>
        new(this.GetPrimaryKeyString(), user.Username!, user.Role, user.CreatedAt, [.. user.LinkedProviders]);

    private UserSshKey ToPublicKey(StoredSshKey key) =>
        new(this.GetPrimaryKeyString(), key.CreatedAt, key.UpdatedAt, key.PublicKey, key.Fingerprint, key.Algorithm);
}
