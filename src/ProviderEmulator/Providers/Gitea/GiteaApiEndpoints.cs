using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.Repositories;
using GitIntegration.ProviderEmulator.Core.SshKeys;

namespace GitIntegration.ProviderEmulator.Providers.Gitea;

/// <summary>Gitea API v1: current user, SSH keys (422 errors) and repositories.</summary>
public static class GiteaApiEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/user", (HttpContext context, ProviderInstance instance) =>
            GiteaApi.Run(context, instance, p => ProviderJson.Json(User(context, instance, p.Account)))).Named("user");

        api.MapGet("/user/keys", (HttpContext context, ProviderInstance instance, int? page, int? limit) =>
            GiteaApi.Run(context, instance, p =>
            {
                var keys = Paging.Take(instance.SshKeys.ForAccount(p.Account.Id), page, limit, 30, 50);
                WritePaging(context, keys);
                return ProviderJson.Json(keys.Items.Select(k => Key(context, instance, p.Account, k)));
            })).Named("keys_list");

        api.MapGet("/user/keys/{id:long}", (HttpContext context, ProviderInstance instance, long id) =>
            GiteaApi.Run(context, instance, p => instance.SshKeys.Find(id) is { } key && key.AccountId == p.Account.Id
                ? ProviderJson.Json(Key(context, instance, p.Account, key))
                : GiteaApi.Message(context, instance, "not found", 404))).Named("keys_get");

        api.MapPost("/user/keys", AddKey).Named("keys_add");

        api.MapDelete("/user/keys/{id:long}", (HttpContext context, ProviderInstance instance, long id) =>
            GiteaApi.Run(context, instance, p =>
            {
                if (instance.SshKeys.Find(id) is not { } key || key.AccountId != p.Account.Id)
                {
                    return GiteaApi.Message(context, instance, "not found", 404);
                }

                instance.SshKeys.Remove(id);
                return Results.NoContent();
            })).Named("keys_delete");

        api.MapGet("/user/repos", (HttpContext context, ProviderInstance instance, int? page, int? limit) =>
            GiteaApi.Run(context, instance, p =>
            {
                var repos = Paging.Take(instance.Repositories.ForMember(p.Account.Id), page, limit, 30, 50);
                WritePaging(context, repos);
                return ProviderJson.Json(repos.Items.Select(r => Repository(context, instance, r)));
            })).Named("repos");
    }

    private static async Task<IResult> AddKey(HttpContext context, ProviderInstance instance)
    {
        var body = await JsonBody.ReadAsync(context);
        return GiteaApi.Run(context, instance, p =>
        {
            var title = body.String("title");
            if (string.IsNullOrWhiteSpace(title))
            {
                return GiteaApi.Message(context, instance, "[Title]: Required", 422);
            }

            if (!SshPublicKey.TryParse(body.String("key"), out var key, out var problem))
            {
                return GiteaApi.Message(context, instance, "Invalid key content: " + problem, 422);
            }

            var (result, record) = instance.SshKeys.Add(p.Account.Id, title, key, instance.Now, p.Token.ClientId,
                titleUniquePerAccount: true, readOnly: body.Bool("read_only") ?? false);
            return result switch
            {
                SshKeyAddResult.Duplicate => GiteaApi.Message(context, instance, "Key content has been used as non-deploy key", 422),
                SshKeyAddResult.TitleTaken => GiteaApi.Message(context, instance, "Key title has been used", 422),
                _ => ProviderJson.Json(Key(context, instance, p.Account, record!), StatusCodes.Status201Created),
            };
        });
    }

    private static void WritePaging<T>(HttpContext context, Page<T> page)
    {
        context.Response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Paging.WriteLinkHeader(context, page, "page", "limit");
    }

    private static Dictionary<string, object?> User(HttpContext context, ProviderInstance instance, Account account) => new()
    {
        ["id"] = account.Id,
        ["login"] = account.Login,
        ["login_name"] = "",
        ["source_id"] = 0,
        ["full_name"] = account.Name,
        ["email"] = account.Email,
        ["avatar_url"] = instance.AvatarUrl(context, account),
        ["html_url"] = $"{instance.BaseUrl(context)}/{account.Login}",
        ["language"] = "en-US",
        ["is_admin"] = false,
        ["last_login"] = ProviderJson.Iso(account.CreatedAt),
        ["created"] = ProviderJson.Iso(account.CreatedAt),
        ["restricted"] = false,
        ["active"] = true,
        ["prohibit_login"] = false,
        ["location"] = "",
        ["website"] = "",
        ["description"] = "",
        ["visibility"] = "public",
        ["followers_count"] = 0,
        ["following_count"] = 0,
        ["starred_repos_count"] = 0,
        ["username"] = account.Login,
    };

    private static Dictionary<string, object?> Key(HttpContext context, ProviderInstance instance, Account owner, SshKeyRecord key) => new()
    {
        ["id"] = key.Id,
        ["key"] = key.Key.KeyText,
        ["url"] = $"{instance.BaseUrl(context)}/api/v1/user/keys/{key.Id}",
        ["title"] = key.Title,
        ["fingerprint"] = key.Key.Sha256Fingerprint,
        ["created_at"] = ProviderJson.Iso(key.CreatedAt),
        ["user"] = User(context, instance, owner),
        ["read_only"] = key.ReadOnly,
        ["key_type"] = "user",
    };

    private static Dictionary<string, object?> Repository(HttpContext context, ProviderInstance instance, RepositoryRecord repo)
    {
        var web = instance.BaseUrl(context);
        return new Dictionary<string, object?>
        {
            ["id"] = repo.Id,
            ["owner"] = instance.Accounts.FindByLogin(repo.Owner) is { } owner
                ? User(context, instance, owner)
                : new Dictionary<string, object?> { ["login"] = repo.Owner, ["username"] = repo.Owner },
            ["name"] = repo.Name,
            ["full_name"] = repo.FullName,
            ["description"] = repo.Description ?? "",
            ["private"] = repo.Private,
            ["html_url"] = repo.HtmlUrl ?? $"{web}/{repo.FullName}",
            ["clone_url"] = repo.CloneUrl ?? $"{web}/{repo.FullName}.git",
            ["ssh_url"] = repo.SshUrl ?? $"git@{context.Request.Host.Host}:{repo.FullName}.git",
            ["default_branch"] = repo.DefaultBranch,
            ["created_at"] = ProviderJson.Iso(repo.CreatedAt),
            ["updated_at"] = ProviderJson.Iso(repo.CreatedAt),
            ["permissions"] = new Dictionary<string, bool> { ["admin"] = true, ["push"] = true, ["pull"] = true },
        };
    }
}
