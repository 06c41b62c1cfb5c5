namespace GitIntegration.ProviderEmulator.Providers.Gitea;

/// <summary>Gitea / Forgejo at E/{instance}: OAuth under /login/oauth, API under /api/v1.</summary>
public static class GiteaEndpoints
{
    public static void MapGitea(this IEndpointRouteBuilder routes)
    {
        var gitea = routes.MapGroup("/{instance:ptype(gitea)}");
        GiteaOAuthEndpoints.Map(gitea);
        GiteaApiEndpoints.Map(gitea.MapGroup("/api/v1"));
    }
}
