using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Tests.Users;

public static class UserFixtures
{
    /// <summary>Claims the username and creates the user, as the gateway does.</summary>
    public static async Task<string> CreateUserAsync(IGrainFactory grains, string username, string role = Roles.Member)
    {
        var id = GrainKeys.NewUserId();
        Assert.True(await grains.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).ClaimAsync(id));
        await grains.GetGrain<IUserGrain>(id).CreateAsync(username, role);
        return id;
    }
}
