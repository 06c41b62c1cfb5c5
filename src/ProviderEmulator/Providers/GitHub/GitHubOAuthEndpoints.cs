using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Web;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>GitHub web endpoints: authorize, access_token (web, refresh and device grants), device code and device page.</summary>
public static class GitHubOAuthEndpoints
{
    public static void Map(RouteGroupBuilder github)
    {
        github.MapGet("/login/oauth/authorize", AuthorizeEndpoint.Get).Named("authorize");
        github.MapPost("/login/oauth/authorize", AuthorizeEndpoint.Post).Named("authorize");
        github.MapPost("/login/oauth/access_token", AccessToken).Named("token");
        github.MapPost("/login/device/code", DeviceCode).Named("device_code");
        github.MapGet("/login/device", DeviceVerificationEndpoint.Get).Named("device_page");
        github.MapPost("/login/device", DeviceVerificationEndpoint.Post).Named("device_page");
    }

    private static async Task<IResult> AccessToken(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, instance.Profile.TokenParamsFromQuery, instance.Profile.TokenParamsFromJson);
        var (tokens, error) = TokenGrants.Handle(instance, p);
        return tokens is not null ? GitHubOAuthResponses.Tokens(context, instance, tokens) : GitHubOAuthResponses.Error(context, error!);
    }

    private static async Task<IResult> DeviceCode(HttpContext context, ProviderInstance instance)
    {
        var p = await OAuthParameters.ReadAsync(context, fromQuery: true, fromJson: true);
        var app = instance.Apps.Find(p["client_id"]);
        if (app is null)
        {
            return GitHubOAuthResponses.Error(context, new OAuthError(OAuthErrorKind.UnknownClient));
        }

        var scope = app.Kind == AppKind.GitHubApp ? "" : AuthorizeValidator.NormalizeScope(p["scope"]);
        var (authorization, _) = DeviceCodeGrant.Start(instance, app, scope);
        if (authorization is null)
        {
            return GitHubOAuthResponses.Respond(context,
                [("error", "device_flow_disabled"), ("error_description", "Device Flow must be explicitly enabled for this App")],
                StatusCodes.Status400BadRequest);
        }

        return GitHubOAuthResponses.Respond(context,
        [
            ("device_code", authorization.DeviceCode),
            ("expires_in", DeviceCodeGrant.ExpiresIn(instance, authorization)),
            ("interval", authorization.IntervalSeconds),
            ("user_code", authorization.UserCode),
            ("verification_uri", instance.BaseUrl(context) + "/login/device"),
        ]);
    }
}
