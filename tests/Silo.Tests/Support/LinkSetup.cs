using System.Net;
using GitIntegration.Actors;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>A user of the cluster with a session key and a link to the emulated GitLab.</summary>
public sealed record LinkedUser(string UserId, string SessionKey);

/// <summary>Creates users and their links through the client library (as another .NET service would).</summary>
public static class LinkSetup
{
    public static async Task<LinkedUser> CreateUserAsync(IGrainFactory grains, string username)
    {
        var userId = GrainKeys.NewUserId();
        Assert.True(await grains.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).ClaimAsync(userId));
        await grains.GetGrain<IUserGrain>(userId).CreateAsync(username, Roles.Member);
        var key = await grains.GetGrain<IUserGrain>(userId).CreateApiKeyAsync(new CreateApiKeyRequest("cluster test", null));
        return new LinkedUser(userId, key.Key);
    }

    /// <summary>Links by the OAuth web flow: the emulator approves on its own (auto-approve) and redirects back with a code.</summary>
    public static async Task LinkByWebFlowAsync(IGrainFactory grains, HttpClient noRedirects, string callbackUrl, LinkedUser user)
    {
        var link = grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(user.UserId, ClusterProcesses.ProviderId));
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(callbackUrl, null));
        using var response = await noRedirects.GetAsync(start.AuthorizeUrl);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        await link.CompleteWebFlowAsync(new WebFlowCallback(query["state"]!, query["code"], null, null));
    }

    /// <summary>Links by a personal access token the emulator issued for its one account.</summary>
    public static Task LinkByPersonalTokenAsync(IGrainFactory grains, LinkedUser user, string token) =>
        grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(user.UserId, ClusterProcesses.ProviderId)).SetPersonalTokenAsync(new PersonalTokenRequest(token, null));
}
