using System.Net;
using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>A user of the cluster with a session key, and the hash of the first access token of its link.</summary>
public sealed record LinkedUser(string UserId, string SessionKey, string FirstAccessToken)
{
    public string LinkKey => GrainKeys.Link(UserId, ClusterProcesses.ProviderId);
}

/// <summary>Creates users and their links through the Orleans client (as another .NET service would).</summary>
public static class LinkSetup
{
    public static async Task<LinkedUser[]> LinkUsersAsync(ClusterProcesses cluster, int count)
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = $"{cluster.GatewayUrl}/external-auth/{ClusterProcesses.ProviderId}/callback";
        var users = new LinkedUser[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            users[i] = await LinkUserAsync(cluster.Grains, noRedirects, callback, $"user{i}"));
        return users;
    }

    /// <summary>Links by the OAuth web flow: the emulator approves on its own (auto-approve) and redirects back with a code.</summary>
    private static async Task<LinkedUser> LinkUserAsync(IGrainFactory grains, HttpClient noRedirects, string callbackUrl, string username)
    {
        var userId = GrainKeys.NewUserId();
        Assert.True(await grains.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).ClaimAsync(userId));
        await grains.GetGrain<IUserGrain>(userId).CreateAsync(username, Roles.Member);
        var key = await grains.GetGrain<IUserGrain>(userId).CreateApiKeyAsync(new CreateApiKeyRequest("cluster test", null));

        var link = grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(userId, ClusterProcesses.ProviderId));
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(callbackUrl, null));
        using var response = await noRedirects.GetAsync(start.AuthorizeUrl);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        await link.CompleteWebFlowAsync(new WebFlowCallback(query["state"]!, query["code"], null, null));
        var token = await link.GetTokenAsync();
        Assert.Equal(TokenOutcome.Valid, token.Outcome);
        return new LinkedUser(userId, key.Key, EmulatorClient.HashToken(token.AccessToken!));
    }
}
