namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>GitHub (behaving as GitHub Enterprise Server at E/{instance}, REST API under /api/v3).</summary>
public static class GitHubEndpoints
{
    public static void MapGitHub(this IEndpointRouteBuilder routes)
    {
        var github = routes.MapGroup("/{instance:ptype(github)}");
        GitHubOAuthEndpoints.Map(github);
        var api = github.MapGroup("/api/v3");
        GitHubUserEndpoints.Map(api);
        GitHubRepositoryEndpoints.Map(api);
        GitHubApplicationEndpoints.Map(api);
    }
}
