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

    public static Dictionary<string, object?> SimpleUser(HttpContext context, ProviderInstance instance, string login, long id, string? avatar, string type = "User") => new()
    {
        ["login"] = login,
        ["id"] = id,
        ["node_id"] = NodeId(type == "User" ? "U_" : "O_", id),
        ["avatar_url"] = avatar ?? $"{instance.BaseUrl(context)}/avatars/{Uri.EscapeDataString(login)}",
        ["gravatar_id"] = "",
        ["url"] = $"{ApiBase(context, instance)}/users/{login}",
        ["html_url"] = $"{instance.BaseUrl(context)}/{login}",
        ["type"] = type,
        ["site_admin"] = false,
        ["user_view_type"] = "public",
    };

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

    public static Dictionary<string, object?> Repository(HttpContext context, ProviderInstance instance, RepositoryRecord repo)
    {
        var owner = instance.Accounts.FindByLogin(repo.Owner);
        var web = instance.BaseUrl(context);
        return new Dictionary<string, object?>
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
            ["url"] = $"{ApiBase(context, instance)}/repos/{repo.FullName}",
            ["clone_url"] = repo.CloneUrl ?? $"{web}/{repo.FullName}.git",
            ["ssh_url"] = repo.SshUrl ?? $"git@{context.Request.Host.Host}:{repo.FullName}.git",
            ["default_branch"] = repo.DefaultBranch,
            ["visibility"] = repo.Private ? "private" : "public",
            ["permissions"] = new Dictionary<string, bool> { ["admin"] = true, ["maintain"] = true, ["push"] = true, ["triage"] = true, ["pull"] = true },
            ["created_at"] = ProviderJson.Iso(repo.CreatedAt),
            ["updated_at"] = ProviderJson.Iso(repo.CreatedAt),
            ["pushed_at"] = ProviderJson.Iso(repo.CreatedAt),
        };
    }

    /// <summary>A stable id for owners that are not accounts (organizations).</summary>
    public static long PseudoId(string login) =>
        100_000_000 + (BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(login.ToLowerInvariant()))) % 10_000_000);

    private static string NodeId(string prefix, long id) => prefix + Convert.ToBase64String(Encoding.ASCII.GetBytes("0" + id)).TrimEnd('=');
}
