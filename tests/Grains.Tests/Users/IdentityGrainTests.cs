using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Tests.Users;

public sealed class IdentityGrainTests : IAsyncLifetime
{
    private UsersSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await UsersSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task The_first_claim_of_a_username_wins()
    {
        var name = _silo.Grains.GetGrain<IUsernameGrain>(GrainKeys.Username("Alice"));

        Assert.Null(await name.GetUserIdAsync());
        Assert.True(await name.ClaimAsync("u1"));
        Assert.True(await name.ClaimAsync("u1"));
        Assert.False(await name.ClaimAsync("u2"));
        Assert.Equal("u1", await _silo.Grains.GetGrain<IUsernameGrain>(GrainKeys.Username("alice")).GetUserIdAsync());
    }

    [Fact]
    public async Task The_first_user_bound_to_a_provider_account_keeps_it()
    {
        var identity = _silo.Grains.GetGrain<IExternalIdentityGrain>(GrainKeys.ExternalIdentity("bitbucket", "{1234-abcd}"));

        Assert.Null(await identity.GetUserIdAsync());
        Assert.Equal("u1", await identity.BindAsync("u1"));
        Assert.Equal("u1", await identity.BindAsync("u2"));
        Assert.Equal("u1", await identity.GetUserIdAsync());
    }

    [Fact]
    public async Task Claims_and_bindings_survive_a_restart()
    {
        var first = await UsersSilo.StartAsync();
        await first.Grains.GetGrain<IUsernameGrain>(GrainKeys.Username("bob")).ClaimAsync("u7");
        await first.Grains.GetGrain<IExternalIdentityGrain>(GrainKeys.ExternalIdentity("github", "42")).BindAsync("u7");
        await first.StopAsync();

        await using var second = await UsersSilo.StartAsync(first.Folder);

        Assert.Equal("u7", await second.Grains.GetGrain<IUsernameGrain>(GrainKeys.Username("bob")).GetUserIdAsync());
        Assert.Equal("u7", await second.Grains.GetGrain<IExternalIdentityGrain>(GrainKeys.ExternalIdentity("github", "42")).GetUserIdAsync());
    }
}
