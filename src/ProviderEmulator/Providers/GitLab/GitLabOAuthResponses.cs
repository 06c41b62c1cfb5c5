using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Providers.GitLab;

/// <summary>GitLab (Doorkeeper) token responses and error bodies.</summary>
public static class GitLabOAuthResponses
{
    public const string InvalidGrantDescription =
        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.";

    public static IResult Tokens(HttpContext context, ProviderInstance instance, IssuedTokens tokens)
    {
        var fields = OAuthJsonResponses.StandardFields(instance, tokens);
        fields["created_at"] = tokens.Access.IssuedAt.ToUnixTimeSeconds();
        return OAuthJsonResponses.Tokens(context, fields);
    }

    public static IResult Error(HttpContext context, OAuthError error, OAuthParameters? request = null)
    {
        var (status, description) = error.Kind switch
        {
            OAuthErrorKind.UnknownClient or OAuthErrorKind.InvalidClient => (401,
                "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."),
            OAuthErrorKind.UnsupportedGrantType => (400, "The authorization grant type is not supported by the authorization server."),
            OAuthErrorKind.InvalidRequest => (400,
                "The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed." +
                (error.Detail is null ? "" : $" ({error.Detail})")),
            OAuthErrorKind.UnauthorizedClient => (error.Detail?.Contains("revoke", StringComparison.Ordinal) == true ? 403 : 400,
                error.Detail ?? "The client is not authorized to perform this request using this method."),
            OAuthErrorKind.AuthorizationPending => (400, "The authorization request is still pending as the end user hasn't yet completed the user interaction steps."),
            OAuthErrorKind.SlowDown => (400, "The authorization request is still pending and polling should continue, but the interval MUST be increased by 5 seconds for this and all subsequent requests."),
            OAuthErrorKind.ExpiredToken => (400, "The device_code has expired, and the device authorization session has concluded."),
            OAuthErrorKind.AccessDenied => (400, "The resource owner or authorization server denied the request."),
            OAuthErrorKind.DeviceFlowDisabled => (400, "The client is not authorized to use the device authorization grant."),
            _ => (400, InvalidGrantDescription),
        };
        return OAuthJsonResponses.Error(context, error.RfcCode, description, status, request, error.Interval);
    }
}
