using System.Globalization;
using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Providers.Entra;

/// <summary>Microsoft identity platform v2 token responses and AADSTS error bodies.</summary>
public static class EntraResponses
{
    private static readonly string[] OidcScopes = ["openid", "profile", "email", "offline_access"];

    public static IResult Tokens(HttpContext context, ProviderInstance instance, IssuedTokens tokens)
    {
        var expiresIn = TokenIssuer.ExpiresIn(tokens.Access, instance.Now);
        var fields = new Dictionary<string, object?>
        {
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', tokens.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => !OidcScopes.Contains(s, StringComparer.OrdinalIgnoreCase))),
            ["expires_in"] = expiresIn,
            ["ext_expires_in"] = expiresIn,
            ["access_token"] = tokens.Access.Value,
            ["refresh_token"] = tokens.Refresh?.Value,
        };
        if (TokenLifetimes.HasScope(tokens.Scope, "openid"))
        {
            fields["id_token"] = IdToken(context, instance, tokens);
        }

        return OAuthJsonResponses.Tokens(context, fields);
    }

    public static IResult Error(HttpContext context, ProviderInstance instance, OAuthError error, string? clientId)
    {
        var (status, code, number, text) = error.Kind switch
        {
            OAuthErrorKind.UnknownClient => (400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{instance.TenantId}'."),
            OAuthErrorKind.InvalidClient when error.Detail?.Contains("missing", StringComparison.Ordinal) == true => (401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
            OAuthErrorKind.InvalidClient => (401, "invalid_client", 7000215,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'."),
            OAuthErrorKind.InvalidRequest => (400, "invalid_request", 900144,
                $"The request body must contain the following parameter: '{(error.Detail ?? "grant_type").Replace(" is missing", "", StringComparison.Ordinal)}'."),
            OAuthErrorKind.UnsupportedGrantType => (400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{error.Detail}'."),
            OAuthErrorKind.UnauthorizedClient => (400, "unauthorized_client", 700025, error.Detail ?? "The client is not authorized."),
            OAuthErrorKind.CodeInvalid => (400, "invalid_grant", 70000, "The provided value for the 'code' parameter is not valid."),
            OAuthErrorKind.CodeExpired => (400, "invalid_grant", 70008,
                "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."),
            OAuthErrorKind.CodeRedeemed => (400, "invalid_grant", 54005,
                "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."),
            OAuthErrorKind.RedirectUriMismatch => (400, "invalid_grant", 50011,
                "The redirect URI specified in the request does not match the redirect URI used to acquire the authorization code."),
            OAuthErrorKind.PkceMismatch => (400, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."),
            OAuthErrorKind.RefreshTokenExpired => (400, "invalid_grant", 700082, "The refresh token has expired due to inactivity."),
            OAuthErrorKind.RefreshTokenRevoked or OAuthErrorKind.RefreshTokenReused => (400, "invalid_grant", 50173,
                "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password."),
            OAuthErrorKind.RefreshTokenInvalid => (400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."),
            OAuthErrorKind.AuthorizationPending => (400, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling."),
            OAuthErrorKind.AccessDenied => (400, "authorization_declined", 70000, "The user has declined the authorization request."),
            OAuthErrorKind.ExpiredToken => (400, "expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired."),
            OAuthErrorKind.DeviceCodeInvalid => (400, "bad_verification_code", 70019, "The provided value for the input parameter 'device_code' is not valid."),
            OAuthErrorKind.DeviceFlowDisabled => (401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
            _ => (400, "invalid_request", 90014, "A required field is missing from the request."),
        };
        return AadstsError(context, instance, status, code, number, text);
    }

    public static IResult AadstsError(HttpContext context, ProviderInstance instance, int status, string code, int number, string text)
    {
        var now = instance.Now.UtcDateTime;
        var trace = Guid.NewGuid().ToString("D");
        var correlation = Guid.NewGuid().ToString("D");
        var timestamp = now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store, no-cache";
        return ProviderJson.Json(new Dictionary<string, object?>
        {
            ["error"] = code,
            ["error_description"] = $"AADSTS{number}: {text}\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {timestamp}",
            ["error_codes"] = new[] { number },
            ["timestamp"] = timestamp,
            ["trace_id"] = trace,
            ["correlation_id"] = correlation,
            ["error_uri"] = $"{instance.BaseUrl(context)}/error?code={number}",
        }, status);
    }

    private static string IdToken(HttpContext context, ProviderInstance instance, IssuedTokens tokens)
    {
        var now = instance.Now;
        var claims = new Dictionary<string, object>
        {
            ["aud"] = tokens.App.ClientId,
            ["iss"] = $"{instance.BaseUrl(context)}/{instance.TenantId}/v2.0",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["name"] = tokens.Account.Name,
            ["oid"] = tokens.Account.Uuid.ToString("D"),
            ["preferred_username"] = tokens.Account.Email,
            ["email"] = tokens.Account.Email,
            ["sub"] = tokens.Account.Uuid.ToString("N"),
            ["tid"] = instance.TenantId,
            ["ver"] = "2.0",
        };
        if (tokens.Nonce is not null)
        {
            claims["nonce"] = tokens.Nonce;
        }

        return TokenValues.Jwt(claims);
    }
}
