using System.Text;
using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>
/// GitHub's OAuth endpoint responses: form-encoded unless Accept asks for JSON, and errors with HTTP 200.
/// </summary>
public static class GitHubOAuthResponses
{
    private const string TroubleshootingUrl = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/";

    public static IResult Respond(HttpContext context, IEnumerable<(string Name, object? Value)> fields, int status = StatusCodes.Status200OK)
    {
        var present = fields.Where(f => f.Value is not null).ToList();
        if (context.Request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return ProviderJson.Json(present.ToDictionary(f => f.Name, f => f.Value), status);
        }

        var body = string.Join('&', present.Select(f =>
            Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture)!)));
        return Results.Content(body, "application/x-www-form-urlencoded; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult Tokens(HttpContext context, ProviderInstance instance, IssuedTokens tokens)
    {
        var now = instance.Now;
        return Respond(context,
        [
            ("access_token", tokens.Access.Value),
            ("expires_in", TokenIssuer.ExpiresIn(tokens.Access, now)),
            ("refresh_token", tokens.Refresh?.Value),
            ("refresh_token_expires_in", tokens.Refresh is null ? null : TokenIssuer.ExpiresIn(tokens.Refresh, now)),
            ("scope", ScopeList(tokens.Scope)),
            ("token_type", "bearer"),
        ]);
    }

    /// <summary>GitHub lists granted scopes comma-separated in the token response.</summary>
    public static string ScopeList(string scope) => string.Join(',', scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static IResult Error(HttpContext context, OAuthError error)
    {
        var (code, description) = Describe(error);
        return Respond(context,
        [
            ("error", code),
            ("error_description", description),
            ("error_uri", TroubleshootingUrl + "#" + code.Replace('_', '-')),
            ("interval", error.Interval),
        ]);
    }

    private static (string Code, string Description) Describe(OAuthError error) => error.Kind switch
    {
        OAuthErrorKind.UnknownClient or OAuthErrorKind.InvalidClient =>
            ("incorrect_client_credentials", "The client_id and/or client_secret passed are incorrect."),
        OAuthErrorKind.CodeInvalid or OAuthErrorKind.CodeExpired or OAuthErrorKind.CodeRedeemed or OAuthErrorKind.PkceMismatch =>
            ("bad_verification_code", "The code passed is incorrect or expired."),
        OAuthErrorKind.RedirectUriMismatch =>
            ("redirect_uri_mismatch", "The redirect_uri MUST match the registered callback URL for this application."),
        OAuthErrorKind.RefreshTokenInvalid or OAuthErrorKind.RefreshTokenExpired or OAuthErrorKind.RefreshTokenRevoked or OAuthErrorKind.RefreshTokenReused =>
            ("bad_refresh_token", "The refresh token passed is incorrect or expired."),
        OAuthErrorKind.UnsupportedGrantType => ("unsupported_grant_type", "The grant type is not supported."),
        OAuthErrorKind.AuthorizationPending => ("authorization_pending", "The authorization request is still pending."),
        OAuthErrorKind.SlowDown => ("slow_down", "Too many requests have been made in the same timeframe."),
        OAuthErrorKind.ExpiredToken => ("expired_token", "The `device_code` has expired."),
        OAuthErrorKind.AccessDenied => ("access_denied", "The authorization request was denied."),
        OAuthErrorKind.DeviceCodeInvalid => ("incorrect_device_code", "The device_code provided is not valid."),
        OAuthErrorKind.DeviceFlowDisabled => ("device_flow_disabled", "Device Flow must be explicitly enabled for this App"),
        OAuthErrorKind.UnauthorizedClient => ("unauthorized_client", error.Detail ?? "The client is not authorized to use this grant."),
        _ => ("invalid_request", error.Detail ?? "The request is missing a required parameter."),
    };
}
