using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.Repositories;

namespace GitIntegration.ProviderEmulator.Providers.BitbucketServer;

/// <summary>Bitbucket DC REST (/rest/api/latest or /rest/api/1.0): application properties, users, repositories, inbox.</summary>
public static class BitbucketServerApiEndpoints
{
    private const string DefaultVersion = "8.19.1";

    public static void Map(RouteGroupBuilder api)
    {
        // Anonymous callers get the properties too; only an authenticated call carries X-AUSERNAME / X-AUSERID.
        api.MapGet("/application-properties", (HttpContext context, ProviderInstance instance) =>
            BitbucketServerApi.RunAsync(context, instance, _ => ProviderJson.Json(new Dictionary<string, object?>
            {
                ["version"] = instance.Settings.Version ?? DefaultVersion,
                ["buildNumber"] = (instance.Settings.Version ?? DefaultVersion).Replace(".", "", StringComparison.Ordinal) + "000",
                ["buildDate"] = "1735689600000",
                ["displayName"] = "Bitbucket",
            }), allowAnonymous: true)).Named("application_properties");

        api.MapGet("/users/{slug}", (HttpContext context, ProviderInstance instance, string slug, int? avatarSize) =>
            BitbucketServerApi.RunAsync(context, instance, _ =>
                instance.Accounts.FindByLogin(slug) is { } account
                    ? ProviderJson.Json(User(context, instance, account, avatarSize))
                    : BitbucketServerApi.Errors($"User {slug} does not exist.", 404, "com.atlassian.bitbucket.user.NoSuchUserException"))).Named("users");

        api.MapGet("/repos", (HttpContext context, ProviderInstance instance, string? name, int? start, int? limit) =>
            BitbucketServerApi.RunAsync(context, instance, p =>
            {
                var all = instance.Repositories.ForMember(p!.Account.Id)
                    .Where(r => string.IsNullOrEmpty(name) || r.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                    .OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase).ToList();
                return BitbucketServerApi.Paged(all, start, limit, r => Repository(context, instance, r));
            })).Named("repos");

        api.MapGet("/inbox/pull-requests/count", (HttpContext context, ProviderInstance instance) =>
            BitbucketServerApi.RunAsync(context, instance, _ => ProviderJson.Json(new Dictionary<string, object?> { ["count"] = 0 })))
            .Named("inbox_count");
    }

    public static Dictionary<string, object?> User(HttpContext context, ProviderInstance instance, Account account, int? avatarSize)
    {
        var user = new Dictionary<string, object?>
        {
            ["name"] = account.Login,
            ["emailAddress"] = account.Email,
            ["active"] = true,
            ["displayName"] = account.Name,
            ["id"] = account.Id,
            ["slug"] = account.Slug,
            ["type"] = "NORMAL",
            ["links"] = new Dictionary<string, object?>
            {
                ["self"] = new[] { new Dictionary<string, string> { ["href"] = $"{instance.BaseUrl(context)}/users/{account.Slug}" } },
            },
        };
        if (avatarSize is not null)
        {
            user["avatarUrl"] = instance.AvatarUrl(context, account);
        }

        return user;
    }

    private static Dictionary<string, object?> Repository(HttpContext context, ProviderInstance instance, RepositoryRecord repo)
    {
        var web = instance.BaseUrl(context);
        var projectKey = (repo.Project ?? repo.Owner).ToUpperInvariant();
        return new Dictionary<string, object?>
        {
            ["slug"] = repo.Slug,
            ["id"] = repo.Id,
            ["name"] = repo.Name,
            ["description"] = repo.Description,
            ["hierarchyId"] = repo.Uuid.ToString("N")[..20],
            ["scmId"] = "git",
            ["state"] = "AVAILABLE",
            ["statusMessage"] = "Available",
            ["forkable"] = true,
            ["public"] = !repo.Private,
            ["archived"] = false,
            ["project"] = new Dictionary<string, object?> { ["key"] = projectKey, ["name"] = repo.Project ?? repo.Owner, ["public"] = false, ["type"] = "NORMAL" },
            ["links"] = new Dictionary<string, object?>
            {
                ["clone"] = new[]
                {
                    new Dictionary<string, string> { ["href"] = repo.CloneUrl ?? $"{web}/scm/{projectKey.ToLowerInvariant()}/{repo.Slug}.git", ["name"] = "http" },
                    new Dictionary<string, string> { ["href"] = repo.SshUrl ?? $"ssh://git@{context.Request.Host.Host}:7999/{projectKey.ToLowerInvariant()}/{repo.Slug}.git", ["name"] = "ssh" },
                },
                ["self"] = new[] { new Dictionary<string, string> { ["href"] = repo.HtmlUrl ?? $"{web}/projects/{projectKey}/repos/{repo.Slug}/browse" } },
            },
        };
    }
}
