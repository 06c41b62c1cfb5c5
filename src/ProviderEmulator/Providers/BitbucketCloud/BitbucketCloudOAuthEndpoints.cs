using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Web;

namespace GitIntegration.ProviderEmulator.Providers.BitbucketCloud;

/// <summary>Bitbucket Cloud OAuth 2: authorize and access_token (client authentication by HTTP Basic). No revocation endpoint.</summary>
public static class BitbucketCloudOAuthEndpoints
{
    public static void Map(RouteGroupBuilder bitbucket)
    {
        bitbucket.MapGet("/site/oauth2/authorize", AuthorizeEndpoint.Get).Named("authorize");
        bitbucket.MapPost("/site/oauth2/authorize", AuthorizeEndpoint.Post).Named("authorize");
        bitbucket.MapPost("/site/oauth2/access_token", AccessToken).Named("token");
    }

    private static async Task<IResult> AccessToken(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, instance.Profile.TokenParamsFromQuery, instance.Profile.TokenParamsFromJson);
        var (tokens, error) = TokenGrants.Handle(instance, p);
        if (tokens is null)
        {
            var (code, description) = Describe(error!);
            return OAuthJsonResponses.Error(context, code, description, StatusCodes.Status400BadRequest);
        }

        // Since 2026 the response names the granted scopes "scope" (it used to be "scopes").
        var fields = OAuthJsonResponses.StandardFields(instance, tokens, "bearer");
        fields["state"] = p["grant_type"];
        return OAuthJsonResponses.Tokens(context, fields);
    }

    private static (string Code, string Description) Describe(OAuthError error) => error.Kind switch
    {
        OAuthErrorKind.UnknownClient or OAuthErrorKind.InvalidClient => ("unauthorized_client", "Invalid OAuth client credentials"),
        OAuthErrorKind.UnsupportedGrantType => ("unsupported_grant_type", "Unsupported grant type: " + error.Detail),
        OAuthErrorKind.InvalidRequest => ("invalid_request", error.Detail ?? "Invalid request"),
        OAuthErrorKind.UnauthorizedClient => ("unauthorized_client", error.Detail ?? "Client is not authorized"),
        OAuthErrorKind.RedirectUriMismatch => ("invalid_grant", "redirect_uri does not match"),
        OAuthErrorKind.PkceMismatch => ("invalid_grant", "Invalid code_verifier"),
        OAuthErrorKind.CodeInvalid or OAuthErrorKind.CodeExpired or OAuthErrorKind.CodeRedeemed => ("invalid_grant", "The specified code is not valid."),
        _ => ("invalid_grant", "Invalid refresh_token"),
    };
}
