using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Repositories;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>GitHub REST: the user's repositories, GitHub App installations and /rate_limit.</summary>
public static class GitHubRepositoryEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/user/repos", (HttpContext context, ProviderInstance instance, int? page, int? per_page) =>
            GitHubApi.Run(context, instance, p =>
            {
                var all = instance.Repositories.ForMember(p.Account.Id).OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase).ToList();
                var repos = Paging.Take(all, page, per_page);
                Paging.WriteLinkHeader(context, repos);
                return ProviderJson.Json(repos.Items.Select(r => GitHubJson.Repository(context, instance, r)));
            })).Named("repos");

        api.MapGet("/user/installations", (HttpContext context, ProviderInstance instance, int? page, int? per_page) =>
            GitHubApi.Run(context, instance, p =>
            {
                if (!IsGitHubAppUserToken(instance, p))
                {
                    return GitHubApi.Message("You must authenticate with an access token authorized to a GitHub App in order to list installations",
                        StatusCodes.Status403Forbidden);
                }

                var all = instance.Repositories.InstallationsFor(p.Account.Id, p.Token.ClientId);
                var installations = Paging.Take(all, page, per_page);
                Paging.WriteLinkHeader(context, installations);
                return ProviderJson.Json(new Dictionary<string, object?>
                {
                    ["total_count"] = all.Count,
                    ["installations"] = installations.Items.Select(i => Installation(context, instance, i)),
                });
            })).Named("installations");

        api.MapGet("/user/installations/{id:long}/repositories", (HttpContext context, ProviderInstance instance, long id, int? page, int? per_page) =>
            GitHubApi.Run(context, instance, p =>
            {
                var installation = IsGitHubAppUserToken(instance, p)
                    ? instance.Repositories.InstallationsFor(p.Account.Id, p.Token.ClientId).FirstOrDefault(i => i.Id == id)
                    : null;
                if (installation is null)
                {
                    return GitHubApi.NotFound();
                }

                var all = instance.Repositories.InstallationRepositories(installation, p.Account.Id);
                var repos = Paging.Take(all, page, per_page);
                Paging.WriteLinkHeader(context, repos);
                return ProviderJson.Json(new Dictionary<string, object?>
                {
                    ["total_count"] = all.Count,
                    ["repository_selection"] = installation.RepositorySelection,
                    ["repositories"] = repos.Items.Select(r => GitHubJson.Repository(context, instance, r)),
                });
            })).Named("installation_repos");

        api.MapGet("/rate_limit", RateLimit).Named("rate_limit");
    }

    /// <summary>GET /rate_limit does not count against the limit; anonymous callers see the anonymous window.</summary>
    private static IResult RateLimit(HttpContext context, ProviderInstance instance)
    {
        GitHubApi.WriteCommonHeaders(context);
        var auth = GitHubApi.Authenticate(context, instance);
        if (auth.Failure is not (AuthFailure.None or AuthFailure.Missing))
        {
            return GitHubApi.Message("Bad credentials", StatusCodes.Status401Unauthorized);
        }

        var caller = auth.Principal is { } p ? "account:" + p.Account.Id : "anonymous";
        var window = instance.RateLimits.Peek(instance, caller) ?? new RateWindow(0, 0, instance.Now);
        RateLimitHeaders.Write(instance, context.Response, window);
        var core = new Dictionary<string, object?>
        {
            ["limit"] = window.Limit,
            ["used"] = Math.Min(window.Used, window.Limit),
            ["remaining"] = window.Remaining,
            ["reset"] = window.ResetAt.ToUnixTimeSeconds(),
        };
        // The search window is not counted here: its own limit, always full.
        var search = new Dictionary<string, object?> { ["limit"] = 30, ["used"] = 0, ["remaining"] = 30, ["reset"] = window.ResetAt.ToUnixTimeSeconds() };
        return ProviderJson.Json(new Dictionary<string, object?>
        {
            ["resources"] = new Dictionary<string, object?> { ["core"] = core, ["search"] = search },
            ["rate"] = core,
        });
    }

    private static bool IsGitHubAppUserToken(ProviderInstance instance, ApiPrincipal principal) =>
        principal.Token.Kind == TokenKind.Access && instance.Apps.Find(principal.Token.ClientId)?.Kind == AppKind.GitHubApp;

    private static Dictionary<string, object?> Installation(HttpContext context, ProviderInstance instance, InstallationRecord installation)
    {
        var owner = instance.Accounts.FindByLogin(installation.AccountLogin);
        var ownerId = owner?.Id ?? GitHubJson.PseudoId(installation.AccountLogin);
        var web = instance.BaseUrl(context);
        var api = GitHubJson.ApiBase(context, instance);
        return new Dictionary<string, object?>
        {
            ["id"] = installation.Id,
            ["account"] = GitHubJson.SimpleUser(context, instance, installation.AccountLogin, ownerId, owner?.AvatarUrl, installation.TargetType),
            ["repository_selection"] = installation.RepositorySelection,
            ["access_tokens_url"] = $"{api}/app/installations/{installation.Id}/access_tokens",
            ["repositories_url"] = $"{api}/installation/repositories",
            ["html_url"] = installation.TargetType == "Organization"
                ? $"{web}/organizations/{installation.AccountLogin}/settings/installations/{installation.Id}"
                : $"{web}/settings/installations/{installation.Id}",
            ["app_id"] = GitHubJson.PseudoId(installation.AppSlug) % 1_000_000,
            ["app_slug"] = installation.AppSlug,
            ["client_id"] = installation.ClientId,
            ["target_id"] = ownerId,
            ["target_type"] = installation.TargetType,
            ["permissions"] = new Dictionary<string, string> { ["contents"] = "write", ["metadata"] = "read" },
            ["events"] = Array.Empty<string>(),
            ["created_at"] = ProviderJson.Iso(installation.CreatedAt),
            ["updated_at"] = ProviderJson.Iso(installation.CreatedAt),
            ["single_file_name"] = null,
            ["suspended_by"] = null,
            ["suspended_at"] = null,
        };
    }
}
