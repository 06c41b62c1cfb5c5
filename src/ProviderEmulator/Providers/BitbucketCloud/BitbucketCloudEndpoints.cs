namespace GitIntegration.ProviderEmulator.Providers.BitbucketCloud;

/// <summary>Bitbucket Cloud at E/{instance}: OAuth under /site/oauth2, API under /api/2.0.</summary>
public static class BitbucketCloudEndpoints
{
    public static void MapBitbucketCloud(this IEndpointRouteBuilder routes)
    {
        var bitbucket = routes.MapGroup("/{instance:ptype(bitbucket)}");
        BitbucketCloudOAuthEndpoints.Map(bitbucket);
        BitbucketCloudApiEndpoints.Map(bitbucket.MapGroup("/api/2.0"));
    }
}
