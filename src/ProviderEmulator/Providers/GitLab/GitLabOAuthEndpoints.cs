using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Web;

namespace GitIntegration.ProviderEmulator.Providers.GitLab;

/// <summary>GitLab OAuth: authorize, token, revoke (RFC 7009), token/info and the device flow (RFC 8628).</summary>
public static class GitLabOAuthEndpoints
{
    public static void Map(RouteGroupBuilder gitlab)
    {
        gitlab.MapGet("/oauth/authorize", AuthorizeEndpoint.Get).Named("authorize");
        gitlab.MapPost("/oauth/authorize", AuthorizeEndpoint.Post).Named("authorize");
        gitlab.MapPost("/oauth/token", Token).Named("token");
        gitlab.MapPost("/oauth/revoke", Revoke).Named("revoke");
        gitlab.MapGet("/oauth/token/info", TokenInfo).Named("token_info");
        gitlab.MapPost("/oauth/authorize_device", AuthorizeDevice).Named("device_code");
        gitlab.MapGet("/oauth/device", DeviceVerificationEndpoint.Get).Named("device_page");
        gitlab.MapPost("/oauth/device", DeviceVerificationEndpoint.Post).Named("device_page");
    }

    private static async Task<IResult> Token(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, instance.Profile.TokenParamsFromQuery, instance.Profile.TokenParamsFromJson);
        var (tokens, error) = TokenGrants.Handle(instance, p);
        return tokens is not null ? GitLabOAuthResponses.Tokens(context, instance, tokens) : GitLabOAuthResponses.Error(context, error!, p);
    }

    private static async Task<IResult> Revoke(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, fromQuery: true, fromJson: true);
        var error = TokenRevocation.Revoke(instance, p, revokePairAlways: true);
        return error is null ? ProviderJson.Json(new Dictionary<string, object>()) : GitLabOAuthResponses.Error(context, error, p);
    }

    private static IResult TokenInfo(HttpContext context, ProviderInstance instance)
    {
        var credential = ApiCredential.Read(context.Request);
        var token = credential.Scheme == CredentialScheme.Bearer ? instance.Tokens.Find(credential.Token) : null;
        var description = token is null || token.Kind != TokenKind.Access ? "The access token is invalid"
            : token.RevokedAt is not null ? "The access token was revoked"
            : token.IsExpired(instance.Now) ? "The access token expired"
            : null;
        if (description is not null)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"Doorkeeper\", error=\"invalid_token\", error_description=\"{description}\"";
            return ProviderJson.Json(new Dictionary<string, object?> { ["error"] = "invalid_token", ["error_description"] = description, ["state"] = "unauthorized" },
                StatusCodes.Status401Unauthorized);
        }

        return ProviderJson.Json(new Dictionary<string, object?>
        {
            ["resource_owner_id"] = token!.AccountId,
            ["scope"] = token.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            ["expires_in"] = TokenIssuer.ExpiresIn(token, instance.Now),
            ["application"] = new Dictionary<string, object?> { ["uid"] = token.ClientId },
            ["created_at"] = token.IssuedAt.ToUnixTimeSeconds(),
            ["scopes"] = token.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            ["expires_in_seconds"] = TokenIssuer.ExpiresIn(token, instance.Now),
        });
    }

    private static async Task<IResult> AuthorizeDevice(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, fromQuery: true, fromJson: true);
        var (client, clientError) = ClientAuthentication.Identify(instance, p);
        if (client is null)
        {
            return GitLabOAuthResponses.Error(context, clientError!, p);
        }

        var (authorization, error) = DeviceCodeGrant.Start(instance, client.App, AuthorizeValidator.NormalizeScope(p["scope"]));
        if (authorization is null)
        {
            return GitLabOAuthResponses.Error(context, error!, p);
        }

        var verification = instance.BaseUrl(context) + "/oauth/device";
        return ProviderJson.Json(new Dictionary<string, object?>
        {
            ["device_code"] = authorization.DeviceCode,
            ["user_code"] = authorization.UserCode,
            ["verification_uri"] = verification,
            ["verification_uri_complete"] = verification + "?user_code=" + Uri.EscapeDataString(authorization.UserCode),
            ["expires_in"] = DeviceCodeGrant.ExpiresIn(instance, authorization),
            ["interval"] = authorization.IntervalSeconds,
        });
    }
}
