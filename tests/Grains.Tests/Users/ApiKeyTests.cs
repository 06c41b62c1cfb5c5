using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Users;

namespace GitIntegration.Grains.Tests.Users;

public sealed class ApiKeyTests : IAsyncLifetime
{
    private UsersSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await UsersSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_new_key_is_a_random_token_found_by_its_hash_and_never_stored()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "alice");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);

        var created = await user.CreateApiKeyAsync(new CreateApiKeyRequest("laptop", null));
        var other = await user.CreateApiKeyAsync(new CreateApiKeyRequest(null, null));

        Assert.Equal(43, created.Key.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", created.Key);
        Assert.NotEqual(created.Key, other.Key);
        Assert.Null(created.ExpiresAt);
        var record = await _silo.Grains.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(ApiKeyTokens.HashOf(created.Key))).GetAsync();
        Assert.NotNull(record);
        Assert.Equal(id, record.UserId);
        Assert.Equal(created.Id, record.Id);
        Assert.Equal("laptop", record.Name);
        Assert.False(record.Revoked);
        var stored = await _silo.ReadAllStoredStateAsync();
        Assert.DoesNotContain(created.Key, stored);
        Assert.DoesNotContain(other.Key, stored);
    }

    [Fact]
    public async Task Keys_are_listed_and_revoked_by_id()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "bob");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);
        var kept = await user.CreateApiKeyAsync(new CreateApiKeyRequest("kept", TimeSpan.FromDays(1)));
        var revoked = await user.CreateApiKeyAsync(new CreateApiKeyRequest("revoked", null));

        Assert.True(await user.RevokeApiKeyAsync(revoked.Id));
        Assert.False(await user.RevokeApiKeyAsync(revoked.Id));
        Assert.False(await user.RevokeApiKeyAsync("nope"));

        var listed = Assert.Single(await user.ListApiKeysAsync());
        Assert.Equal(kept.Id, listed.Id);
        Assert.Equal("kept", listed.Name);
        Assert.Equal(kept.ExpiresAt, listed.ExpiresAt);
        Assert.True((await _silo.Grains.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(ApiKeyTokens.HashOf(revoked.Key))).GetAsync())!.Revoked);
        Assert.False((await _silo.Grains.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(ApiKeyTokens.HashOf(kept.Key))).GetAsync())!.Revoked);
    }

    [Fact]
    public async Task A_lifetime_sets_the_expiry_and_must_be_positive()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "carol");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);

        var created = await user.CreateApiKeyAsync(new CreateApiKeyRequest("day", TimeSpan.FromDays(1)));

        Assert.InRange(created.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        await Assert.ThrowsAsync<InvalidRequestException>(() => user.CreateApiKeyAsync(new CreateApiKeyRequest(null, TimeSpan.Zero)));
    }

    [Fact]
    public async Task An_unknown_hash_or_user_has_no_key()
    {
        Assert.Null(await _silo.Grains.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(ApiKeyTokens.HashOf(ApiKeyTokens.NewToken()))).GetAsync());
        await Assert.ThrowsAsync<NotFoundException>(() =>
            _silo.Grains.GetGrain<IUserGrain>(GrainKeys.NewUserId()).CreateApiKeyAsync(new CreateApiKeyRequest(null, null)));
    }

    [Fact]
    public async Task Touching_keeps_the_key_usable()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "dave");
        var created = await _silo.Grains.GetGrain<IUserGrain>(id).CreateApiKeyAsync(new CreateApiKeyRequest(null, null));
        var key = _silo.Grains.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(ApiKeyTokens.HashOf(created.Key)));

        await key.TouchAsync();
        await key.TouchAsync();

        Assert.Equal(id, (await key.GetAsync())!.UserId);
    }

    [Fact]
    public void Only_well_formed_tokens_look_like_tokens()
    {
        Assert.True(ApiKeyTokens.LooksLikeToken(ApiKeyTokens.NewToken()));
        Assert.False(ApiKeyTokens.LooksLikeToken(null));
        Assert.False(ApiKeyTokens.LooksLikeToken("short"));
        Assert.False(ApiKeyTokens.LooksLikeToken(new string('a', 42) + "!"));
    }
}
