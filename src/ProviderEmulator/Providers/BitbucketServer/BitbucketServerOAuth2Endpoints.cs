using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Web;

namespace GitIntegration.ProviderEmulator.Providers.BitbucketServer;

/// <summary>Bitbucket Data Center's OAuth 2 provider (7.20+): authorize and token. No device flow, no revocation endpoint.</summary>
public static class BitbucketServerOAuth2Endpoints
{
    public static void Map(RouteGroupBuilder server)
    {
        server.MapGet("/rest/oauth2/latest/authorize", AuthorizeEndpoint.Get).Named("authorize");
        server.MapPost("/rest/oauth2/latest/authorize", AuthorizeEndpoint.Post).Named("authorize");
        server.MapPost("/rest/oauth2/latest/token", Token).Named("token");
    }

    private static async Task<IResult> Token(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, instance.Profile.TokenParamsFromQuery, instance.Profile.TokenParamsFromJson);
        var (tokens, error) = TokenGrants.Handle(instance, p);
        if (tokens is not null)
        {
            return OAuthJsonResponses.Tokens(context, OAuthJsonResponses.StandardFields(instance, tokens, "bearer"));
        }

        var (status, description) = error!.Kind switch
        {
            OAuthErrorKind.UnknownClient or OAuthErrorKind.InvalidClient => (401, "Client authentication failed"),
            OAuthErrorKind.UnsupportedGrantType => (400, "Unsupported grant type"),
            OAuthErrorKind.InvalidRequest or OAuthErrorKind.UnauthorizedClient => (400, error.Detail ?? "Invalid request"),
            OAuthErrorKind.RedirectUriMismatch => (400, "Redirect URI does not match the one used for the authorization code"),
            OAuthErrorKind.PkceMismatch => (400, "PKCE code verifier does not match the code challenge"),
            OAuthErrorKind.CodeInvalid or OAuthErrorKind.CodeExpired or OAuthErrorKind.CodeRedeemed => (400, "Authorization code is invalid or expired"),
            _ => (400, "Refresh token is invalid or expired"),
        };
        return OAuthJsonResponses.Error(context, error.RfcCode, description, status, p);
    }
}
