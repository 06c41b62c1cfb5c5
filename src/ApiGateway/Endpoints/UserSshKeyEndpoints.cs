using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>The user's git SSH key (Coder's gitsshkey): read, regenerate (re-synced to every link), and the private key for its owner.</summary>
public static class UserSshKeyEndpoints
{
    public static IEndpointRouteBuilder MapUserSshKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v2/users/{user}/gitsshkey").RequireAuthorization().WithTags("Users")
            .ProducesSessionErrors().ProducesError(StatusCodes.Status404NotFound);
        group.MapGet("/", GetAsync).WithName("GetUserSshKey").WithSummary("The user's git SSH public key");
        group.MapPut("/", RegenerateAsync).WithName("RegenerateUserSshKey").WithSummary("Regenerate the user's SSH key and re-sync it to every link");
        group.MapGet("/private", GetPrivateAsync).WithName("GetUserSshPrivateKey").WithSummary("The private key, for the user itself only");
        return routes;
    }

    private static async Task<Ok<GitSshKey>> GetAsync(string user, HttpContext context, UserLookup lookup, IGrainFactory grains)
    {
        var profile = await lookup.ResolveAsync(context.Caller(), user);
        return TypedResults.Ok(ContractMapping.ToGitSshKey(await grains.GetGrain<IUserGrain>(profile.Id).GetSshKeyAsync()));
    }

    private static async Task<Ok<GitSshKey>> RegenerateAsync(string user, HttpContext context, UserLookup lookup, IGrainFactory grains)
    {
        var profile = await lookup.ResolveAsync(context.Caller(), user);
        var key = await grains.GetGrain<IUserGrain>(profile.Id).RegenerateSshKeyAsync().WaitAsync(context.RequestAborted);
        return TypedResults.Ok(ContractMapping.ToGitSshKey(key));
    }

    /// <summary>Only the user itself: not an admin, not the admin token, for anyone else's {user} it is "not found".</summary>
    private static async Task<Ok<GitSshPrivateKey>> GetPrivateAsync(string user, HttpContext context, UserLookup lookup, IGrainFactory grains)
    {
        var caller = context.Caller();
        var me = await lookup.MeAsync(caller);
        if (user != "me" && user != me.Id && !string.Equals(user, me.Username, StringComparison.OrdinalIgnoreCase))
            throw new NotFoundException($"User '{user}' not found.");
        var grain = grains.GetGrain<IUserGrain>(me.Id);
        var key = await grain.GetSshKeyAsync();
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new GitSshPrivateKey(me.Id, key.PublicKey, await grain.GetSshPrivateKeyAsync()));
    }
}
