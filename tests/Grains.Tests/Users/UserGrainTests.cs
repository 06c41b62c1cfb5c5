using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Tests.Users;

public sealed class UserGrainTests : IAsyncLifetime
{
    private UsersSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await UsersSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_created_user_has_its_profile()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "Alice");

        var profile = await _silo.Grains.GetGrain<IUserGrain>(id).GetAsync();

        Assert.NotNull(profile);
        Assert.Equal(id, profile.Id);
        Assert.Equal("Alice", profile.Username);
        Assert.Equal(Roles.Member, profile.Role);
        Assert.Empty(profile.LinkedProviders);
        Assert.True(profile.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task An_unknown_user_is_null()
    {
        Assert.Null(await _silo.Grains.GetGrain<IUserGrain>(GrainKeys.NewUserId()).GetAsync());
    }

    [Fact]
    public async Task Creating_needs_the_username_claimed_for_that_user()
    {
        var user = _silo.Grains.GetGrain<IUserGrain>(GrainKeys.NewUserId());

        await Assert.ThrowsAsync<ConflictException>(() => user.CreateAsync("bob", Roles.Member));
        Assert.Null(await user.GetAsync());
    }

    [Fact]
    public async Task Creating_again_with_the_same_name_is_harmless_but_another_name_conflicts()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "carol");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);

        var again = await user.CreateAsync("carol", Roles.Admin);
        Assert.Equal(Roles.Member, again.Role);

        Assert.True(await _silo.Grains.GetGrain<IUsernameGrain>("carol2").ClaimAsync(id));
        await Assert.ThrowsAsync<ConflictException>(() => user.CreateAsync("carol2", Roles.Member));
    }

    [Theory]
    [InlineData("", Roles.Member)]
    [InlineData("-dash", Roles.Member)]
    [InlineData("has space", Roles.Member)]
    [InlineData("dave", "owner")]
    public async Task Bad_usernames_and_roles_are_refused(string username, string role)
    {
        var user = _silo.Grains.GetGrain<IUserGrain>(GrainKeys.NewUserId());

        await Assert.ThrowsAsync<InvalidRequestException>(() => user.CreateAsync(username, role));
    }

    [Fact]
    public async Task The_role_can_be_changed_but_only_for_a_user_that_exists()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "erin");

        var profile = await _silo.Grains.GetGrain<IUserGrain>(id).SetRoleAsync(Roles.Admin);

        Assert.Equal(Roles.Admin, profile.Role);
        await Assert.ThrowsAsync<NotFoundException>(() => _silo.Grains.GetGrain<IUserGrain>(GrainKeys.NewUserId()).SetRoleAsync(Roles.Admin));
        await Assert.ThrowsAsync<InvalidRequestException>(() => _silo.Grains.GetGrain<IUserGrain>(id).SetRoleAsync("root"));
    }

    [Fact]
    public async Task Linked_providers_are_a_set()
    {
        var id = await UserFixtures.CreateUserAsync(_silo.Grains, "frank");
        var user = _silo.Grains.GetGrain<IUserGrain>(id);

        await user.AddLinkAsync("github");
        await user.AddLinkAsync("gitlab");
        await user.AddLinkAsync("github");
        Assert.Equal(["github", "gitlab"], (await user.GetAsync())!.LinkedProviders);

        await user.RemoveLinkAsync("github");
        await user.RemoveLinkAsync("unknown");
        Assert.Equal(["gitlab"], (await user.GetAsync())!.LinkedProviders);
    }

    [Fact]
    public async Task The_profile_survives_a_restart()
    {
        var first = await UsersSilo.StartAsync();
        var id = await UserFixtures.CreateUserAsync(first.Grains, "grace");
        await first.Grains.GetGrain<IUserGrain>(id).AddLinkAsync("github");
        await first.StopAsync();

        await using var second = await UsersSilo.StartAsync(first.Folder);
        var profile = await second.Grains.GetGrain<IUserGrain>(id).GetAsync();

        Assert.Equal("grace", profile!.Username);
        Assert.Equal(["github"], profile.LinkedProviders);
    }
}
