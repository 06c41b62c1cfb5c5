using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Web;

namespace GitIntegration.ProviderEmulator.Providers.Gitea;

/// <summary>Gitea OAuth 2: authorize, access_token (form or JSON body) and OIDC userinfo. No device flow, no revocation.</summary>
public static class GiteaOAuthEndpoints
{
    public static void Map(RouteGroupBuilder gitea)
    {
        gitea.MapGet("/login/oauth/authorize", AuthorizeEndpoint.Get).Named("authorize");
        gitea.MapPost("/login/oauth/authorize", AuthorizeEndpoint.Post).Named("authorize");
        gitea.MapPost("/login/oauth/access_token", AccessToken).Named("token");
        gitea.MapGet("/login/oauth/userinfo", UserInfo).Named("userinfo");
    }

    private static async Task<IResult> AccessToken(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, instance.Profile.TokenParamsFromQuery, instance.Profile.TokenParamsFromJson);
        var (tokens, error) = TokenGrants.Handle(instance, p);
        if (tokens is not null)
        {
            var fields = OAuthJsonResponses.StandardFields(instance, tokens, "bearer");
            fields.Remove("scope");
            return OAuthJsonResponses.Tokens(context, fields);
        }

        var (code, description) = error!.Kind switch
        {
            OAuthErrorKind.UnknownClient => ("invalid_client", $"cannot load client with client id: '{error.Detail}'"),
            OAuthErrorKind.InvalidClient => ("invalid_client", error.Detail?.Contains("missing", StringComparison.Ordinal) == true ? "client_secret is required" : "invalid client secret"),
            OAuthErrorKind.InvalidRequest => ("invalid_request", error.Detail ?? "invalid request"),
            OAuthErrorKind.UnsupportedGrantType => ("unsupported_grant_type", "Only refresh_token or authorization_code grant type is supported"),
            OAuthErrorKind.RedirectUriMismatch => ("unauthorized_client", "unexpected redirect URI"),
            OAuthErrorKind.PkceMismatch => ("unauthorized_client", "failed PKCE code challenge"),
            OAuthErrorKind.CodeInvalid or OAuthErrorKind.CodeExpired or OAuthErrorKind.CodeRedeemed => ("unauthorized_client", "client is not authorized"),
            OAuthErrorKind.RefreshTokenReused => ("unauthorized_client", "token was already used"),
            OAuthErrorKind.RefreshTokenRevoked => ("invalid_grant", "grant does not exist"),
            OAuthErrorKind.RefreshTokenInvalid or OAuthErrorKind.RefreshTokenExpired => ("unauthorized_client", "unable to parse refresh token"),
            _ => ("unauthorized_client", error.Detail ?? "client is not authorized"),
        };
        return OAuthJsonResponses.Error(context, code, description, StatusCodes.Status400BadRequest);
    }

    private static IResult UserInfo(HttpContext context, ProviderInstance instance)
    {
        var credential = ApiCredential.Read(context.Request);
        var auth = credential.Scheme == CredentialScheme.Bearer ? ApiAuthentication.Resolve(instance, credential.Token) : ApiAuthResult.Missing;
        if (auth.Principal is not { } principal || principal.Token.Kind != TokenKind.Access)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"\", error=\"invalid_token\"";
            return ProviderJson.Json(new Dictionary<string, object?> { ["error"] = "invalid_token", ["error_description"] = "invalid or expired access token" },
                StatusCodes.Status401Unauthorized);
        }

        var account = principal.Account;
        return ProviderJson.Json(new Dictionary<string, object?>
        {
            ["sub"] = account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["name"] = account.Name,
            ["preferred_username"] = account.Login,
            ["email"] = account.Email,
            ["email_verified"] = true,
            ["picture"] = instance.AvatarUrl(context, account),
            ["groups"] = Array.Empty<string>(),
        });
    }
}
