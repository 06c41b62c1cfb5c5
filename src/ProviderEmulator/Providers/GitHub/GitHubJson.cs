using System.Text;
using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.Repositories;
using GitIntegration.ProviderEmulator.Core.SshKeys;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>GitHub REST object shapes.</summary>
public static class GitHubJson
{
    public static string ApiBase(HttpContext context, ProviderInstance instance) => instance.BaseUrl(context) + "/api/v3";

    /// <summary>GitHub's simple-user: every field the REST description marks required.</summary>
    public static Dictionary<string, object?> SimpleUser(HttpContext context, ProviderInstance instance, string login, long id, string? avatar, string type = "User")
    {
        var url = $"{ApiBase(context, instance)}/users/{login}";
        return new Dictionary<string, object?>
        {
            ["login"] = login,
            ["id"] = id,
            ["node_id"] = NodeId(type == "User" ? "U_" : "O_", id),
            ["avatar_url"] = avatar ?? $"{instance.BaseUrl(context)}/avatars/{Uri.EscapeDataString(login)}",
            ["gravatar_id"] = "",
            ["url"] = url,
            ["html_url"] = $"{instance.BaseUrl(context)}/{login}",
            ["followers_url"] = url + "/followers",
            ["following_url"] = url + "/following{/other_user}",
            ["gists_url"] = url + "/gists{/gist_id}",
            ["starred_url"] = url + "/starred{/owner}{/repo}",
            ["subscriptions_url"] = url + "/subscriptions",
            ["organizations_url"] = url + "/orgs",
            ["repos_url"] = url + "/repos",
            ["events_url"] = url + "/events{/privacy}",
            ["received_events_url"] = url + "/received_events",
            ["type"] = type,
            ["site_admin"] = false,
            ["user_view_type"] = "public",
        };
    }

    public static Dictionary<string, object?> PrivateUser(HttpContext context, ProviderInstance instance, Account account)
    {
        var user = SimpleUser(context, instance, account.Login, account.Id, instance.AvatarUrl(context, account));
        user["user_view_type"] = "private";
        user["name"] = account.Name;
        user["company"] = null;
        user["blog"] = "";
        user["location"] = null;
        user["email"] = account.Email;
        user["hireable"] = null;
        user["bio"] = null;
        user["twitter_username"] = null;
        user["public_repos"] = instance.Repositories.ForMember(account.Id).Count(r => !r.Private);
        user["public_gists"] = 0;
        user["followers"] = 0;
        user["following"] = 0;
        user["created_at"] = ProviderJson.Iso(account.CreatedAt);
        user["updated_at"] = ProviderJson.Iso(account.CreatedAt);
        user["private_gists"] = 0;
        user["total_private_repos"] = instance.Repositories.ForMember(account.Id).Count(r => r.Private);
        user["owned_private_repos"] = instance.Repositories.ForMember(account.Id).Count(r => r.Private && r.Owner == account.Login);
        user["disk_usage"] = 0;
        user["collaborators"] = 0;
        user["two_factor_authentication"] = false;
        return user;
    }

    public static Dictionary<string, object?> Key(HttpContext context, ProviderInstance instance, SshKeyRecord key) => new()
    {
        ["id"] = key.Id,
        // GitHub drops the comment and shows "type base64".
        ["key"] = key.Key.KeyText,
        ["url"] = $"{ApiBase(context, instance)}/user/keys/{key.Id}",
        ["title"] = key.Title,
        ["created_at"] = ProviderJson.Iso(key.CreatedAt),
        ["verified"] = true,
        ["read_only"] = key.ReadOnly,
        ["last_used"] = null,
    };

    /// <summary>GitHub's repository: every field the REST description marks required.</summary>
    public static Dictionary<string, object?> Repository(HttpContext context, ProviderInstance instance, RepositoryRecord repo)
    {
        var owner = instance.Accounts.FindByLogin(repo.Owner);
        var web = instance.BaseUrl(context);
        var url = $"{ApiBase(context, instance)}/repos/{repo.FullName}";
        var json = new Dictionary<string, object?>
        {
            ["id"] = repo.Id,
            ["node_id"] = NodeId("R_", repo.Id),
            ["name"] = repo.Name,
            ["full_name"] = repo.FullName,
            ["private"] = repo.Private,
            ["owner"] = SimpleUser(context, instance, repo.Owner, owner?.Id ?? PseudoId(repo.Owner), owner?.AvatarUrl, owner is null ? "Organization" : "User"),
            ["html_url"] = repo.HtmlUrl ?? $"{web}/{repo.FullName}",
            ["description"] = repo.Description,
            ["fork"] = false,
            ["url"] = url,
            ["clone_url"] = repo.CloneUrl ?? $"{web}/{repo.FullName}.git",
            ["git_url"] = $"git://{context.Request.Host.Host}/{repo.FullName}.git",
            ["ssh_url"] = repo.SshUrl ?? $"git@{context.Request.Host.Host}:{repo.FullName}.git",
            ["svn_url"] = $"{web}/{repo.FullName}",
            ["mirror_url"] = null,
            ["homepage"] = null,
            ["language"] = null,
            ["license"] = null,
            ["default_branch"] = repo.DefaultBranch,
            ["visibility"] = repo.Private ? "private" : "public",
            ["permissions"] = new Dictionary<string, bool> { ["admin"] = true, ["maintain"] = true, ["push"] = true, ["triage"] = true, ["pull"] = true },
            ["forks"] = 0,
            ["forks_count"] = 0,
            ["stargazers_count"] = 0,
            ["watchers"] = 0,
            ["watchers_count"] = 0,
            ["open_issues"] = 0,
            ["open_issues_count"] = 0,
            ["size"] = 0,
            ["has_issues"] = true,
            ["has_projects"] = true,
            ["has_wiki"] = true,
            ["has_pages"] = false,
            ["has_downloads"] = true,
            ["archived"] = false,
            ["disabled"] = false,
            ["created_at"] = ProviderJson.Iso(repo.CreatedAt),
            ["updated_at"] = ProviderJson.Iso(repo.CreatedAt),
            ["pushed_at"] = ProviderJson.Iso(repo.CreatedAt),
        };
        foreach (var (name, suffix) in RepositoryUrlTemplates)
            json[name] = url + suffix;
        return json;
    }

    private static readonly (string Name, string Suffix)[] RepositoryUrlTemplates =
    [
        ("archive_url", "/{archive_format}{/ref}"), ("assignees_url", "/assignees{/user}"), ("blobs_url", "/git/blobs{/sha}"),
        ("branches_url", "/branches{/branch}"), ("collaborators_url", "/collaborators{/collaborator}"), ("comments_url", "/comments{/number}"),
        ("commits_url", "/commits{/sha}"), ("compare_url", "/compare/{base}...{head}"), ("contents_url", "/contents/{+path}"),
        ("contributors_url", "/contributors"), ("deployments_url", "/deployments"), ("downloads_url", "/downloads"), ("events_url", "/events"),
        ("forks_url", "/forks"), ("git_commits_url", "/git/commits{/sha}"), ("git_refs_url", "/git/refs{/sha}"), ("git_tags_url", "/git/tags{/sha}"),
        ("hooks_url", "/hooks"), ("issue_comment_url", "/issues/comments{/number}"), ("issue_events_url", "/issues/events{/number}"),
        ("issues_url", "/issues{/number}"), ("keys_url", "/keys{/key_id}"), ("labels_url", "/labels{/name}"), ("languages_url", "/languages"),
        ("merges_url", "/merges"), ("milestones_url", "/milestones{/number}"), ("notifications_url", "/notifications{?since,all,participating}"),
        ("pulls_url", "/pulls{/number}"), ("releases_url", "/releases{/id}"), ("stargazers_url", "/stargazers"), ("statuses_url", "/statuses/{sha}"),
        ("subscribers_url", "/subscribers"), ("subscription_url", "/subscription"), ("tags_url", "/tags"), ("teams_url", "/teams"),
        ("trees_url", "/git/trees{/sha}"),
    ];

    /// <summary>A stable id for owners that are not accounts (organizations).</summary>
    public static long PseudoId(string login) =>
        100_000_000 + (BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(login.ToLowerInvariant()))) % 10_000_000);

    private static string NodeId(string prefix, long id) => prefix + Convert.ToBase64String(Encoding.ASCII.GetBytes("0" + id)).TrimEnd('=');
}
