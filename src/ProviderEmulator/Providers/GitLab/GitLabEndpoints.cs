namespace GitIntegration.ProviderEmulator.Providers.GitLab;

/// <summary>GitLab at E/{instance}: OAuth under /oauth, REST under /api/v4.</summary>
public static class GitLabEndpoints
{
    public static void MapGitLab(this IEndpointRouteBuilder routes)
    {
        var gitlab = routes.MapGroup("/{instance:ptype(gitlab)}");
        GitLabOAuthEndpoints.Map(gitlab);
        GitLabApiEndpoints.Map(gitlab.MapGroup("/api/v4"));
    }
}
