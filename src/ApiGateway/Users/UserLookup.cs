using GitIntegration.ApiGateway.Auth;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.ApiGateway.Users;

/// <summary>
/// Resolves the <c>{user}</c> of a route (username, user id, or <c>me</c>) for a caller. A member reaches only
/// themself: anyone else is "not found", so members cannot probe which users exist.
/// </summary>
public sealed class UserLookup(IGrainFactory grains)
{
    public async Task<UserProfile> ResolveAsync(Caller caller, string user)
    {
        var profile = user == "me" ? await MeAsync(caller) : await FindAsync(user);
        if (profile is null || (!caller.IsAdmin && profile.Id != caller.UserId))
            throw new NotFoundException($"User '{user}' not found.");
        return profile;
    }

    /// <summary>The caller's own user; the admin token has none.</summary>
    public async Task<UserProfile> MeAsync(Caller caller)
    {
        if (caller.UserId is null)
            throw new NotFoundException("The admin token is not a user; create users with POST /api/v2/users and act as them.");
        return await grains.GetGrain<IUserGrain>(caller.UserId).GetAsync()
               ?? throw new NotFoundException("Your user no longer exists.");
    }

    private async Task<UserProfile?> FindAsync(string user)
    {
        if (!GrainKeys.IsValidUsername(user))
            return null;
        var id = await grains.GetGrain<IUsernameGrain>(GrainKeys.Username(user)).GetUserIdAsync();
        if (id is null && LooksLikeUserId(user))
            id = user;
        return id is null ? null : await grains.GetGrain<IUserGrain>(id).GetAsync();
    }

    /// <summary>The shape of <see cref="GrainKeys.NewUserId"/>: 'u' and 32 hex digits.</summary>
    private static bool LooksLikeUserId(string value) =>
        value.Length == 33 && value[0] == 'u' && value.Skip(1).All(char.IsAsciiHexDigitLower);
}
