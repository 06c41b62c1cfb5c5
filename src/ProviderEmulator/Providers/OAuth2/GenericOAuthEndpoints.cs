using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Web;

namespace GitIntegration.ProviderEmulator.Providers.OAuth2;

/// <summary>
/// A plain standards-compliant authorization server for the "generic" type: RFC 6749 (code + refresh, parameters in
/// the form body only), RFC 7636 PKCE, RFC 7009 revocation, RFC 8628 device flow, RFC 8414 metadata and a userinfo
/// endpoint. Refresh tokens rotate; the old refresh token dies, the old access token lives until it expires.
/// </summary>
public static class GenericOAuthEndpoints
{
    public static void MapGenericOAuth2(this IEndpointRouteBuilder routes)
    {
        var server = routes.MapGroup("/{instance:ptype(oauth2)}");
        server.MapGet("/authorize", AuthorizeEndpoint.Get).Named("authorize");
        server.MapPost("/authorize", AuthorizeEndpoint.Post).Named("authorize");
        server.MapPost("/token", Token).Named("token");
        server.MapPost("/revoke", Revoke).Named("revoke");
        server.MapPost("/device_authorization", DeviceAuthorization).Named("device_code");
        server.MapGet("/device", DeviceVerificationEndpoint.Get).Named("device_page");
        server.MapPost("/device", DeviceVerificationEndpoint.Post).Named("device_page");
        server.MapGet("/userinfo", UserInfo).Named("userinfo");
        server.MapGet("/.well-known/oauth-authorization-server", Metadata).Named("metadata");
    }

    private static async Task<IResult> Token(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, fromQuery: false, fromJson: false);
        var (tokens, error) = TokenGrants.Handle(instance, p);
        return tokens is not null
            ? OAuthJsonResponses.Tokens(context, OAuthJsonResponses.StandardFields(instance, tokens))
            : Error(context, error!, p);
    }

    private static async Task<IResult> Revoke(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, fromQuery: false, fromJson: false);
        var error = TokenRevocation.Revoke(instance, p, revokePairAlways: false);
        return error is null ? Results.Ok() : Error(context, error, p);
    }

    private static async Task<IResult> DeviceAuthorization(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, fromQuery: false, fromJson: false);
        var (client, clientError) = ClientAuthentication.Identify(instance, p);
        if (client is null)
        {
            return Error(context, clientError!, p);
        }

        var (authorization, error) = DeviceCodeGrant.Start(instance, client.App, AuthorizeValidator.NormalizeScope(p["scope"]));
        if (authorization is null)
        {
            return Error(context, error!, p);
        }

        var verification = instance.BaseUrl(context) + "/device";
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

    /// <summary>RFC 6750 bearer access to the caller's claims.</summary>
    private static IResult UserInfo(HttpContext context, ProviderInstance instance)
    {
        var credential = ApiCredential.Read(context.Request);
        var auth = credential.Scheme == CredentialScheme.Bearer ? ApiAuthentication.Resolve(instance, credential.Token) : ApiAuthResult.Missing;
        return ApiAuthentication.Run(context, instance, auth,
            failure =>
            {
                context.Response.Headers.WWWAuthenticate = failure.Failure == AuthFailure.Missing
                    ? "Bearer realm=\"userinfo\""
                    : "Bearer realm=\"userinfo\", error=\"invalid_token\", error_description=\"The access token is invalid, expired or revoked\"";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            },
            _ => Results.StatusCode(StatusCodes.Status429TooManyRequests),
            principal => ProviderJson.Json(new Dictionary<string, object?>
            {
                ["sub"] = principal.Account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["preferred_username"] = principal.Account.Login,
                ["name"] = principal.Account.Name,
                ["email"] = principal.Account.Email,
                ["email_verified"] = true,
                ["picture"] = instance.AvatarUrl(context, principal.Account),
            }));
    }

    private static IResult Metadata(HttpContext context, ProviderInstance instance)
    {
        var issuer = instance.BaseUrl(context);
        return ProviderJson.Json(new Dictionary<string, object?>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["revocation_endpoint"] = issuer + "/revoke",
            ["device_authorization_endpoint"] = issuer + "/device_authorization",
            ["userinfo_endpoint"] = issuer + "/userinfo",
            ["response_types_supported"] = new[] { "code" },
            ["grant_types_supported"] = new[] { "authorization_code", "refresh_token", DeviceCodeGrant.GrantType },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
            ["revocation_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
            ["code_challenge_methods_supported"] = instance.Profile.PkceMethods,
        });
    }

    private static IResult Error(HttpContext context, OAuthError error, OAuthParameters p)
    {
        var status = error.Kind is OAuthErrorKind.UnknownClient or OAuthErrorKind.InvalidClient ? 401 : 400;
        var description = error.Kind switch
        {
            OAuthErrorKind.UnknownClient => "unknown client",
            OAuthErrorKind.InvalidClient => error.Detail ?? "client authentication failed",
            OAuthErrorKind.CodeInvalid => "authorization code is invalid",
            OAuthErrorKind.CodeExpired => "authorization code has expired",
            OAuthErrorKind.CodeRedeemed => "authorization code was already used",
            OAuthErrorKind.RedirectUriMismatch => "redirect_uri does not match the authorization request",
            OAuthErrorKind.PkceMismatch => "code_verifier does not match the code_challenge",
            OAuthErrorKind.RefreshTokenInvalid => "refresh token is invalid",
            OAuthErrorKind.RefreshTokenExpired => "refresh token has expired",
            OAuthErrorKind.RefreshTokenRevoked or OAuthErrorKind.RefreshTokenReused => "refresh token was revoked or already used",
            OAuthErrorKind.AuthorizationPending => "the user has not yet approved the request",
            OAuthErrorKind.SlowDown => "polling too fast; the interval was increased by 5 seconds",
            OAuthErrorKind.ExpiredToken => "the device code has expired",
            OAuthErrorKind.AccessDenied => "the user denied the request",
            OAuthErrorKind.DeviceCodeInvalid => "device code is invalid",
            OAuthErrorKind.DeviceFlowDisabled => "the client may not use the device flow",
            _ => error.Detail ?? error.RfcCode,
        };
        return OAuthJsonResponses.Error(context, error.RfcCode, description, status, p, error.Interval);
    }
}
