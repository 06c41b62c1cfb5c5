using GitIntegration.ProviderEmulator.Core;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>
/// GitHub at E/{instance}: the web and OAuth endpoints at the instance root, and the REST API both at the root
/// (github.com style, like api.github.com) and under /api/v3 (GitHub Enterprise Server style). Requests to the host
/// root itself reach an instance through <see cref="GitHubHostRootMiddleware"/>. Unknown REST paths answer GitHub's
/// 404 body.
/// </summary>
public static class GitHubEndpoints
{
    public static void MapGitHub(this IEndpointRouteBuilder routes)
    {
        var github = routes.MapGroup("/{instance:ptype(github)}");
        GitHubOAuthEndpoints.Map(github);
        MapApi(github.MapGroup(""));
        MapApi(github.MapGroup("/api/v3"));
    }

    private static void MapApi(RouteGroupBuilder api)
    {
        api.AddEndpointFilter(GitHubHeaders.Filter);
        GitHubUserEndpoints.Map(api);
        GitHubRepositoryEndpoints.Map(api);
        GitHubApplicationEndpoints.Map(api);
        api.Map("/{**path}", () => GitHubApi.NotFound()).Named("not_found");
    }
}
