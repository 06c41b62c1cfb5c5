using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.Repositories;
using GitIntegration.ProviderEmulator.Core.SshKeys;

namespace GitIntegration.ProviderEmulator.Providers.BitbucketCloud;

/// <summary>Bitbucket Cloud API 2.0: user, emails, SSH keys (by uuid or account id) and member repositories.</summary>
public static class BitbucketCloudApiEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/user", (HttpContext context, ProviderInstance instance) =>
            BitbucketCloudApi.Run(context, instance, p => ProviderJson.Json(User(context, instance, p.Account)))).Named("user");

        api.MapGet("/user/emails", (HttpContext context, ProviderInstance instance) =>
            BitbucketCloudApi.Run(context, instance, p => BitbucketCloudApi.Paged(context, [p.Account], 1, 10, a => new Dictionary<string, object?>
            {
                ["type"] = "email",
                ["email"] = a.Email,
                ["is_primary"] = true,
                ["is_confirmed"] = true,
                ["links"] = new Dictionary<string, object?> { ["self"] = Href($"{ApiBase(context, instance)}/user/emails/{a.Email}") },
            }))).Named("user_emails");

        api.MapGet("/users/{selected_user}/ssh-keys", (HttpContext context, ProviderInstance instance, string selected_user, int? page, int? pagelen) =>
            BitbucketCloudApi.Run(context, instance, p => WithSelectedUser(instance, p, selected_user, () =>
                BitbucketCloudApi.Paged(context, instance.SshKeys.ForAccount(p.Account.Id), page, pagelen, k => Key(context, instance, p.Account, k))))).Named("keys_list");

        api.MapPost("/users/{selected_user}/ssh-keys", AddKey).Named("keys_add");

        api.MapGet("/users/{selected_user}/ssh-keys/{key_id}", (HttpContext context, ProviderInstance instance, string selected_user, string key_id) =>
            BitbucketCloudApi.Run(context, instance, p => WithSelectedUser(instance, p, selected_user, () =>
                FindKey(instance, p.Account, key_id) is { } key
                    ? ProviderJson.Json(Key(context, instance, p.Account, key))
                    : BitbucketCloudApi.Error("SSH key not found", 404)))).Named("keys_get");

        api.MapDelete("/users/{selected_user}/ssh-keys/{key_id}", (HttpContext context, ProviderInstance instance, string selected_user, string key_id) =>
            BitbucketCloudApi.Run(context, instance, p => WithSelectedUser(instance, p, selected_user, () =>
            {
                if (FindKey(instance, p.Account, key_id) is not { } key)
                {
                    return BitbucketCloudApi.Error("SSH key not found", 404);
                }

                instance.SshKeys.Remove(key.Id);
                return Results.NoContent();
            }))).Named("keys_delete");

        api.MapGet("/repositories", (HttpContext context, ProviderInstance instance, string? role, int? page, int? pagelen) =>
            BitbucketCloudApi.Run(context, instance, p => BitbucketCloudApi.Paged(context,
                instance.Repositories.ForMember(p.Account.Id), page, pagelen, r => Repository(context, instance, r)))).Named("repos");
    }

    private static async Task<IResult> AddKey(HttpContext context, ProviderInstance instance, string selected_user)
    {
        var body = await JsonBody.ReadAsync(context);
        return BitbucketCloudApi.Run(context, instance, p => WithSelectedUser(instance, p, selected_user, () =>
        {
            if (!SshPublicKey.TryParse(body.String("key"), out var key, out var problem) || key.Algorithm.StartsWith("sk-", StringComparison.Ordinal))
            {
                return BitbucketCloudApi.Error("Invalid SSH key", 400, problem.Length > 0 ? problem : "unsupported key type");
            }

            if ((key.Algorithm == "ssh-rsa" && key.Bits < 2048) || (key.Algorithm == "ssh-dss" && key.Bits < 1024))
            {
                return BitbucketCloudApi.Error("Invalid SSH key", 400, $"{key.Algorithm} keys must be at least {(key.Algorithm == "ssh-rsa" ? 2048 : 1024)} bits");
            }

            var (result, record) = instance.SshKeys.Add(p.Account.Id, body.String("label") ?? "", key, instance.Now, p.Token.ClientId);
            if (result == SshKeyAddResult.Duplicate)
            {
                return BitbucketCloudApi.Error("Someone has already added that SSH key.", 400);
            }

            var json = Key(context, instance, p.Account, record!);
            return ProviderJson.Created(context, $"{ApiBase(context, instance)}/users/{Uri.EscapeDataString(p.Account.BracedUuid)}/ssh-keys/{Uri.EscapeDataString(record!.BracedUuid)}", json);
        }));
    }

    /// <summary>selected_user must name the caller by braced uuid or account id; usernames are not accepted in URLs.</summary>
    private static IResult WithSelectedUser(ProviderInstance instance, ApiPrincipal principal, string selector, Func<IResult> action)
    {
        var target = instance.Accounts.FindByBitbucketSelector(selector);
        if (target is null)
        {
            return BitbucketCloudApi.Error($"No user or team with the UUID or account ID '{selector}'", 404);
        }

        return target.Id == principal.Account.Id ? action() : BitbucketCloudApi.Error("You may not access SSH keys of another account.", 403);
    }

    private static SshKeyRecord? FindKey(ProviderInstance instance, Account account, string keyId)
    {
        var record = Guid.TryParse(keyId.Trim('{', '}'), out var uuid) ? instance.SshKeys.FindByUuid(uuid)
            : long.TryParse(keyId, out var id) ? instance.SshKeys.Find(id) : null;
        return record?.AccountId == account.Id ? record : null;
    }

    private static string ApiBase(HttpContext context, ProviderInstance instance) => instance.BaseUrl(context) + "/api/2.0";

    private static Dictionary<string, string> Href(string href) => new() { ["href"] = href };

    private static Dictionary<string, object?> User(HttpContext context, ProviderInstance instance, Account account) => new()
    {
        ["type"] = "user",
        ["uuid"] = account.BracedUuid,
        ["account_id"] = account.AtlassianAccountId,
        ["username"] = account.Login,
        ["nickname"] = account.Login,
        ["display_name"] = account.Name,
        ["account_status"] = "active",
        ["has_2fa_enabled"] = false,
        ["is_staff"] = false,
        ["created_on"] = ProviderJson.IsoMillis(account.CreatedAt),
        ["links"] = new Dictionary<string, object?>
        {
            ["self"] = Href($"{ApiBase(context, instance)}/users/{Uri.EscapeDataString(account.BracedUuid)}"),
            ["html"] = Href($"{instance.BaseUrl(context)}/{Uri.EscapeDataString(account.BracedUuid)}/"),
            ["avatar"] = Href(instance.AvatarUrl(context, account)),
        },
    };

    private static Dictionary<string, object?> Key(HttpContext context, ProviderInstance instance, Account owner, SshKeyRecord key) => new()
    {
        ["type"] = "ssh_key",
        ["uuid"] = key.BracedUuid,
        ["key"] = key.Key.KeyText,
        ["comment"] = key.Key.Comment,
        ["label"] = key.Title,
        ["fingerprint"] = key.Key.Sha256Fingerprint,
        ["created_on"] = ProviderJson.IsoMillis(key.CreatedAt),
        ["last_used"] = null,
        ["expires_on"] = null,
        ["owner"] = User(context, instance, owner),
        ["links"] = new Dictionary<string, object?>
        {
            ["self"] = Href($"{ApiBase(context, instance)}/users/{Uri.EscapeDataString(owner.BracedUuid)}/ssh-keys/{Uri.EscapeDataString(key.BracedUuid)}"),
        },
    };

    private static Dictionary<string, object?> Repository(HttpContext context, ProviderInstance instance, RepositoryRecord repo)
    {
        var web = instance.BaseUrl(context);
        return new Dictionary<string, object?>
        {
            ["type"] = "repository",
            ["uuid"] = "{" + repo.Uuid.ToString("D") + "}",
            ["name"] = repo.Name,
            ["slug"] = repo.Slug,
            ["full_name"] = repo.FullName,
            ["is_private"] = repo.Private,
            ["description"] = repo.Description ?? "",
            ["mainbranch"] = new Dictionary<string, object?> { ["type"] = "branch", ["name"] = repo.DefaultBranch },
            ["workspace"] = new Dictionary<string, object?> { ["type"] = "workspace", ["slug"] = repo.Owner, ["name"] = repo.Owner },
            ["created_on"] = ProviderJson.IsoMillis(repo.CreatedAt),
            ["updated_on"] = ProviderJson.IsoMillis(repo.CreatedAt),
            ["links"] = new Dictionary<string, object?>
            {
                ["html"] = Href(repo.HtmlUrl ?? $"{web}/{repo.FullName}"),
                ["clone"] = new[]
                {
                    new Dictionary<string, string> { ["name"] = "https", ["href"] = repo.CloneUrl ?? $"{web}/{repo.FullName}.git" },
                    new Dictionary<string, string> { ["name"] = "ssh", ["href"] = repo.SshUrl ?? $"git@{context.Request.Host.Host}:{repo.FullName}.git" },
                },
            },
        };
    }
}
