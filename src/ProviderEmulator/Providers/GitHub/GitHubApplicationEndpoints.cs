using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>
/// GitHub's app-side token management, authenticated with HTTP Basic client_id:client_secret:
/// check (POST), reset (PATCH) and revoke (DELETE) one token, and delete the whole grant.
/// </summary>
public static class GitHubApplicationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/applications/{client_id}/token", Check).Named("token_check");
        api.MapMethods("/applications/{client_id}/token", ["PATCH"], Reset).Named("token_reset");
        api.MapDelete("/applications/{client_id}/token", RevokeToken).Named("token_delete");
        api.MapDelete("/applications/{client_id}/grant", DeleteGrant).Named("grant_delete");
    }

    private static async Task<IResult> Check(HttpContext context, ProviderInstance instance, string client_id) =>
        await WithToken(context, instance, client_id, (app, token) =>
            ProviderJson.Json(Authorization(context, instance, app, token, showToken: true)));

    private static async Task<IResult> Reset(HttpContext context, ProviderInstance instance, string client_id) =>
        await WithToken(context, instance, client_id, (app, token) =>
        {
            lock (instance.Gate)
            {
                var account = instance.Accounts.FindById(token.AccountId)!;
                instance.Tokens.Revoke(token, instance.Now, withPair: true);
                var issued = TokenIssuer.IssuePair(instance, app, account, token.Scope, token.ViaDeviceFlow);
                return ProviderJson.Json(Authorization(context, instance, app, issued.Access, showToken: true));
            }
        });

    private static async Task<IResult> RevokeToken(HttpContext context, ProviderInstance instance, string client_id) =>
        await WithToken(context, instance, client_id, (_, token) =>
        {
            instance.Tokens.Revoke(token, instance.Now, withPair: true);
            return Results.NoContent();
        });

    /// <summary>Revokes every token of the app for that user and deletes the SSH keys the app created (GitHub documents both).</summary>
    private static async Task<IResult> DeleteGrant(HttpContext context, ProviderInstance instance, string client_id) =>
        await WithToken(context, instance, client_id, (app, token) =>
        {
            lock (instance.Gate)
            {
                instance.Tokens.RevokeGrant(token.AccountId, app.ClientId, instance.Now);
                instance.SshKeys.RemoveCreatedBy(token.AccountId, app.ClientId);
            }

            return Results.NoContent();
        });

    /// <summary>Basic client authentication, then the live access token from the JSON body, issued to this app.</summary>
    private static async Task<IResult> WithToken(HttpContext context, ProviderInstance instance, string clientId, Func<OAuthApp, TokenRecord, IResult> action)
    {
        GitHubApi.WriteCommonHeaders(context);
        var (user, password) = OAuthParameters.ReadBasic(context.Request);
        if (user is null)
        {
            return GitHubApi.Message("Requires authentication", StatusCodes.Status401Unauthorized);
        }

        var app = instance.Apps.Find(clientId);
        if (app is null || user != clientId || !app.SecretMatches(password))
        {
            return GitHubApi.NotFound();
        }

        var body = await JsonBody.ReadAsync(context);
        var value = body.String("access_token");
        if (string.IsNullOrEmpty(value))
        {
            return GitHubApi.ValidationFailed("OauthAccess", "access_token", "access_token is missing", GitHubApi.DocsUrl + "/apps/oauth-applications");
        }

        var token = instance.Tokens.Find(value);
        if (token is null || token.Kind != TokenKind.Access || token.ClientId != app.ClientId || !token.IsActive(instance.Now))
        {
            return GitHubApi.NotFound();
        }

        return action(app, token);
    }

    private static Dictionary<string, object?> Authorization(HttpContext context, ProviderInstance instance, OAuthApp app, TokenRecord token, bool showToken)
    {
        var account = instance.Accounts.FindById(token.AccountId)!;
        return new Dictionary<string, object?>
        {
            ["id"] = token.Id,
            ["url"] = $"{GitHubJson.ApiBase(context, instance)}/authorizations/{token.Id}",
            ["scopes"] = token.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            ["token"] = showToken ? token.Value : "",
            ["token_last_eight"] = token.Value[^8..],
            ["hashed_token"] = TokenValues.Sha256Hex(token.Value),
            ["app"] = new Dictionary<string, object?> { ["client_id"] = app.ClientId, ["name"] = app.Name, ["url"] = instance.BaseUrl(context) },
            ["note"] = null,
            ["note_url"] = null,
            ["fingerprint"] = null,
            ["created_at"] = ProviderJson.Iso(token.IssuedAt),
            ["updated_at"] = ProviderJson.Iso(token.IssuedAt),
            ["expires_at"] = token.ExpiresAt is { } at ? ProviderJson.Iso(at) : null,
            ["user"] = GitHubJson.SimpleUser(context, instance, account.Login, account.Id, instance.AvatarUrl(context, account)),
            ["installation"] = null,
        };
    }
}
