namespace GitIntegration.ProviderEmulator.Providers.BitbucketServer;

/// <summary>Bitbucket Server / Data Center at E/{instance}.</summary>
public static class BitbucketServerEndpoints
{
    public static void MapBitbucketServer(this IEndpointRouteBuilder routes)
    {
        var server = routes.MapGroup("/{instance:ptype(bitbucket-server)}");
        BitbucketServerOAuth2Endpoints.Map(server);
        BitbucketServerOAuth1Endpoints.Map(server);
        foreach (var version in new[] { "latest", "1.0" })
        {
            BitbucketServerApiEndpoints.Map(server.MapGroup($"/rest/api/{version}"));
            BitbucketServerSshKeyEndpoints.Map(server.MapGroup($"/rest/ssh/{version}"));
        }
    }
}
