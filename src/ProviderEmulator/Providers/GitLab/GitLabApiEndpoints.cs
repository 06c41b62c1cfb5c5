using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.Repositories;
using GitIntegration.ProviderEmulator.Core.SshKeys;

namespace GitIntegration.ProviderEmulator.Providers.GitLab;

/// <summary>GitLab REST API v4: current user, SSH keys and projects.</summary>
public static class GitLabApiEndpoints
{
    private static readonly HashSet<string> AllowedKeyTypes =
        ["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/user", (HttpContext context, ProviderInstance instance) =>
            GitLabApi.Run(context, instance, p => ProviderJson.Json(User(context, instance, p.Account)))).Named("user");

        api.MapGet("/user/keys", (HttpContext context, ProviderInstance instance, int? page, int? per_page) =>
            GitLabApi.Run(context, instance, p =>
            {
                var keys = Paging.Take(instance.SshKeys.ForAccount(p.Account.Id), page, per_page, 20);
                GitLabApi.WritePaging(context, keys);
                return ProviderJson.Json(keys.Items.Select(Key));
            })).Named("keys_list");

        api.MapGet("/user/keys/{id:long}", (HttpContext context, ProviderInstance instance, long id) =>
            GitLabApi.Run(context, instance, p => instance.SshKeys.Find(id) is { } key && key.AccountId == p.Account.Id
                ? ProviderJson.Json(Key(key))
                : GitLabApi.Message("404 Not found", StatusCodes.Status404NotFound))).Named("keys_get");

        api.MapPost("/user/keys", AddKey).Named("keys_add");

        api.MapDelete("/user/keys/{id:long}", (HttpContext context, ProviderInstance instance, long id) =>
            GitLabApi.Run(context, instance, p =>
            {
                if (instance.SshKeys.Find(id) is not { } key || key.AccountId != p.Account.Id)
                {
                    return GitLabApi.Message("404 Key Not Found", StatusCodes.Status404NotFound);
                }

                instance.SshKeys.Remove(id);
                return Results.NoContent();
            })).Named("keys_delete");

        api.MapGet("/users/{id:long}/keys", (ProviderInstance instance, long id) =>
            instance.Accounts.FindById(id) is { } account
                ? ProviderJson.Json(instance.SshKeys.ForAccount(account.Id).Select(Key))
                : GitLabApi.Message("404 User Not Found", StatusCodes.Status404NotFound)).Named("users_keys");

        api.MapGet("/projects", (HttpContext context, ProviderInstance instance, bool? membership, string? search, int? page, int? per_page) =>
            GitLabApi.Run(context, instance, p =>
            {
                var all = instance.Repositories.ForMember(p.Account.Id)
                    .Where(r => string.IsNullOrEmpty(search) || r.Name.Contains(search, StringComparison.OrdinalIgnoreCase) ||
                                r.FullName.Contains(search, StringComparison.OrdinalIgnoreCase))
                    .OrderByDescending(r => r.Id).ToList();
                var projects = Paging.Take(all, page, per_page, 20);
                GitLabApi.WritePaging(context, projects);
                return ProviderJson.Json(projects.Items.Select(r => Project(context, instance, r)));
            })).Named("repos");
    }

    private static async Task<IResult> AddKey(HttpContext context, ProviderInstance instance)
    {
        var body = await JsonBody.ReadAsync(context);
        return GitLabApi.Run(context, instance, p =>
        {
            var title = body.String("title");
            var text = body.String("key");
            if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(text))
            {
                return ProviderJson.Json(new Dictionary<string, object?> { ["error"] = string.IsNullOrWhiteSpace(title) ? "title is missing" : "key is missing" },
                    StatusCodes.Status400BadRequest);
            }

            if (!SshPublicKey.TryParse(text, out var key, out _))
            {
                return GitLabApi.Message(new Dictionary<string, string[]> { ["key"] = ["is invalid"], ["fingerprint_sha256"] = ["cannot be generated"] }, 400);
            }

            if (!AllowedKeyTypes.Contains(key.Algorithm))
            {
                return GitLabApi.Message(new Dictionary<string, string[]> { ["key"] = ["type is forbidden. Must be RSA, ECDSA, ED25519, ECDSA_SK, or ED25519_SK"] }, 400);
            }

            DateTimeOffset? expires = DateTimeOffset.TryParse(body.String("expires_at"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var e) ? e : null;
            var (result, record) = instance.SshKeys.Add(p.Account.Id, title, key, instance.Now, p.Token.ClientId,
                expiresAt: expires, usageType: body.String("usage_type") ?? "auth_and_signing");
            if (result == SshKeyAddResult.Duplicate)
            {
                return GitLabApi.Message(new Dictionary<string, string[]> { ["fingerprint"] = ["has already been taken"], ["key"] = ["has already been taken"] }, 400);
            }

            return ProviderJson.Json(Key(record!), StatusCodes.Status201Created);
        });
    }

    private static Dictionary<string, object?> User(HttpContext context, ProviderInstance instance, Account account) => new()
    {
        ["id"] = account.Id,
        ["username"] = account.Login,
        ["name"] = account.Name,
        ["state"] = "active",
        ["locked"] = false,
        ["avatar_url"] = instance.AvatarUrl(context, account),
        ["web_url"] = $"{instance.BaseUrl(context)}/{account.Login}",
        ["created_at"] = ProviderJson.IsoMillis(account.CreatedAt),
        ["bio"] = "",
        ["public_email"] = account.Email,
        ["email"] = account.Email,
        ["commit_email"] = account.Email,
        ["confirmed_at"] = ProviderJson.IsoMillis(account.CreatedAt),
        ["two_factor_enabled"] = false,
        ["external"] = false,
        ["private_profile"] = false,
    };

    private static Dictionary<string, object?> Key(SshKeyRecord key) => new()
    {
        ["id"] = key.Id,
        ["title"] = key.Title,
        ["created_at"] = ProviderJson.IsoMillis(key.CreatedAt),
        ["expires_at"] = key.ExpiresAt is { } at ? ProviderJson.IsoMillis(at) : null,
        ["key"] = key.Key.FullText,
        ["usage_type"] = key.UsageType ?? "auth_and_signing",
        ["last_used_at"] = null,
    };

    private static Dictionary<string, object?> Project(HttpContext context, ProviderInstance instance, RepositoryRecord repo)
    {
        var web = instance.BaseUrl(context);
        return new Dictionary<string, object?>
        {
            ["id"] = repo.Id,
            ["name"] = repo.Name,
            ["path"] = repo.Slug,
            ["path_with_namespace"] = repo.FullName,
            ["name_with_namespace"] = $"{repo.Owner} / {repo.Name}",
            ["description"] = repo.Description,
            ["default_branch"] = repo.DefaultBranch,
            ["visibility"] = repo.Private ? "private" : "public",
            ["web_url"] = repo.HtmlUrl ?? $"{web}/{repo.FullName}",
            ["http_url_to_repo"] = repo.CloneUrl ?? $"{web}/{repo.FullName}.git",
            ["ssh_url_to_repo"] = repo.SshUrl ?? $"git@{context.Request.Host.Host}:{repo.FullName}.git",
            ["namespace"] = new Dictionary<string, object?> { ["name"] = repo.Owner, ["path"] = repo.Owner, ["full_path"] = repo.Owner, ["kind"] = instance.Accounts.FindByLogin(repo.Owner) is null ? "group" : "user" },
            ["created_at"] = ProviderJson.IsoMillis(repo.CreatedAt),
            ["last_activity_at"] = ProviderJson.IsoMillis(repo.CreatedAt),
            ["archived"] = false,
        };
    }
}
