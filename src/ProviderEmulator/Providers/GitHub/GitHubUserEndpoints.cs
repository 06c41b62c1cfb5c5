using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.SshKeys;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>GitHub REST: the authenticated user, emails and SSH keys.</summary>
public static class GitHubUserEndpoints
{
    private const string KeysDocs = "https://docs.github.com/rest/users/keys#create-a-public-ssh-key-for-the-authenticated-user";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/user", (HttpContext context, ProviderInstance instance) =>
            GitHubApi.Run(context, instance, p => ProviderJson.Json(GitHubJson.PrivateUser(context, instance, p.Account)))).Named("user");

        api.MapGet("/user/emails", (HttpContext context, ProviderInstance instance) =>
            GitHubApi.Run(context, instance, p => ProviderJson.Json(new[]
            {
                new Dictionary<string, object?> { ["email"] = p.Account.Email, ["primary"] = true, ["verified"] = true, ["visibility"] = "public" },
            }))).Named("user_emails");

        api.MapGet("/user/keys", (HttpContext context, ProviderInstance instance, int? page, int? per_page) =>
            GitHubApi.Run(context, instance, p =>
            {
                var keys = Paging.Take(instance.SshKeys.ForAccount(p.Account.Id), page, per_page);
                Paging.WriteLinkHeader(context, keys);
                return ProviderJson.Json(keys.Items.Select(k => GitHubJson.Key(context, instance, k)));
            })).Named("keys_list");

        api.MapPost("/user/keys", AddKey).Named("keys_add");

        api.MapGet("/user/keys/{id:long}", (HttpContext context, ProviderInstance instance, long id) =>
            GitHubApi.Run(context, instance, p => instance.SshKeys.Find(id) is { } key && key.AccountId == p.Account.Id
                ? ProviderJson.Json(GitHubJson.Key(context, instance, key))
                : GitHubApi.NotFound())).Named("keys_get");

        api.MapDelete("/user/keys/{id:long}", (HttpContext context, ProviderInstance instance, long id) =>
            GitHubApi.Run(context, instance, p =>
            {
                if (instance.SshKeys.Find(id) is not { } key || key.AccountId != p.Account.Id)
                {
                    return GitHubApi.NotFound();
                }

                instance.SshKeys.Remove(id);
                return Results.NoContent();
            })).Named("keys_delete");

        // Public: anyone can list a user's keys (key owners are visible).
        api.MapGet("/users/{login}/keys", (HttpContext context, ProviderInstance instance, string login) =>
        {
            GitHubApi.WriteCommonHeaders(context);
            var account = instance.Accounts.FindByLogin(login);
            return account is null
                ? GitHubApi.NotFound()
                : ProviderJson.Json(instance.SshKeys.ForAccount(account.Id).Select(k => new Dictionary<string, object?> { ["id"] = k.Id, ["key"] = k.Key.KeyText }));
        }).Named("users_keys");
    }

    private static async Task<IResult> AddKey(HttpContext context, ProviderInstance instance)
    {
        var body = await JsonBody.ReadAsync(context);
        return GitHubApi.Run(context, instance, p =>
        {
            var text = body.String("key");
            if (string.IsNullOrWhiteSpace(text))
            {
                return GitHubApi.Message("Invalid request.\n\n\"key\" wasn't supplied.", StatusCodes.Status422UnprocessableEntity, KeysDocs);
            }

            if (!SshPublicKey.TryParse(text, out var key, out _) || key.Algorithm == "ssh-dss" || key.Algorithm.StartsWith("sk-", StringComparison.Ordinal))
            {
                return GitHubApi.ValidationFailed("PublicKey", "key", "key is invalid. You must supply a key in OpenSSH public key format", KeysDocs);
            }

            var title = body.String("title") ?? key.Comment;
            var (result, record) = instance.SshKeys.Add(p.Account.Id, title, key, instance.Now, p.Token.ClientId);
            if (result == SshKeyAddResult.Duplicate)
            {
                return GitHubApi.ValidationFailed("PublicKey", "key", "key is already in use", KeysDocs);
            }

            var json = GitHubJson.Key(context, instance, record!);
            return ProviderJson.Created(context, (string)json["url"]!, json);
        });
    }
}
