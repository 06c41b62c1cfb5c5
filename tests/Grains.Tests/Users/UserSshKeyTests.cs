using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Tests.Ssh;

namespace GitIntegration.Grains.Tests.Users;

public sealed class UserSshKeyTests : IAsyncLifetime
{
    private UsersSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await UsersSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task The_key_is_made_on_first_use_with_the_default_algorithm_and_then_kept()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "alice");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);

        var first = await user.GetSshKeyAsync();
        var second = await user.GetSshKeyAsync();

        Assert.Equal(id, first.UserId);
        Assert.Equal("ed25519", first.Algorithm);
        Assert.StartsWith("ssh-ed25519 AAAA", first.PublicKey);
        Assert.EndsWith(" alice@gitintegration", first.PublicKey);
        Assert.StartsWith("SHA256:", first.Fingerprint);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_private_key_is_stored_encrypted_and_matches_the_public_key()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "bob");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);
        var publicKey = await user.GetSshKeyAsync();

        var privateKey = await user.GetSshPrivateKeyAsync();

        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", privateKey);
        var stored = await _silo.ReadAllStoredStateAsync();
        Assert.DoesNotContain("OPENSSH PRIVATE KEY", stored);
        var body = privateKey.Split('\n')[1];
        Assert.DoesNotContain(body, stored);
        Assert.Contains(publicKey.PublicKey.Split(' ')[1], stored);

        using var keygen = new SshKeygen();
        var path = keygen.WriteFile("id", privateKey);
        var derived = keygen.Run("-y", "-f", path).Trim();
        Assert.Equal(string.Join(' ', publicKey.PublicKey.Split(' ')[..2]), string.Join(' ', derived.Split(' ')[..2]));
    }

    [Fact]
    public async Task The_key_survives_a_restart()
    {
        var first = await UsersSilo.StartAsync();
        var id = await UserFixtures.CreateUserAsync(first.Grains, "carol");
        var before = await first.Grains.GetGrain<IUserGrain>(id).GetSshKeyAsync();
        var privateBefore = await first.Grains.GetGrain<IUserGrain>(id).GetSshPrivateKeyAsync();
        await first.StopAsync();

        await using var second = await UsersSilo.StartAsync(first.Folder);
        var user = second.Grains.GetGrain<IUserGrain>(id);

        Assert.Equal(before, await user.GetSshKeyAsync());
        Assert.Equal(privateBefore, await user.GetSshPrivateKeyAsync());
    }

    [Fact]
    public async Task The_catalog_algorithm_is_used_for_new_keys()
    {
        await _silo.Grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog).SetSshKeygenAlgorithmAsync("ecdsa");
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "dave");

        var key = await _silo.Grains.GetGrain<IUserGrain>(id).GetSshKeyAsync();

        Assert.Equal("ecdsa", key.Algorithm);
        Assert.StartsWith("ecdsa-sha2-nistp256 ", key.PublicKey);
    }

    [Fact]
    public async Task Regenerating_makes_a_new_pair_and_keeps_the_creation_time()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "erin");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);
        var before = await user.GetSshKeyAsync();
        var privateBefore = await user.GetSshPrivateKeyAsync();

        var after = await user.RegenerateSshKeyAsync();

        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.True(after.UpdatedAt >= before.UpdatedAt);
        Assert.Equal(after, await user.GetSshKeyAsync());
        Assert.NotEqual(privateBefore, await user.GetSshPrivateKeyAsync());
    }

    [Fact]
    public async Task Regenerating_finishes_even_when_a_linked_provider_cannot_be_synced()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "frank");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);
        await user.AddLinkAsync("no-such-provider");

        var after = await user.RegenerateSshKeyAsync();

        Assert.Equal(after, await user.GetSshKeyAsync());
    }

    [Fact]
    public async Task An_unknown_user_has_no_key()
    {
        var user = _silo.Grains.GetGrain<IUserGrain>(GrainKeys.NewUserId());

        await Assert.ThrowsAsync<NotFoundException>(() => user.GetSshKeyAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => user.GetSshPrivateKeyAsync());
    }
}
