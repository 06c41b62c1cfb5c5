using GitIntegration.ProviderEmulator.Core.Api;

namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>RFC 6749 JSON token and error responses, shared by the providers that follow the RFC's shapes.</summary>
public static class OAuthJsonResponses
{
    public static IResult Error(HttpContext context, string code, string description, int status, OAuthParameters? request = null, int? interval = null)
    {
        // RFC 6749 §5.2: a failed HTTP Basic client authentication answers 401 with a challenge.
        if (status == StatusCodes.Status401Unauthorized && request?.UsedBasic == true)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"OAuth\"";
        }

        NoStore(context);
        var body = new Dictionary<string, object?> { ["error"] = code, ["error_description"] = description };
        if (interval is not null)
        {
            body["interval"] = interval;
        }

        return ProviderJson.Json(body, status);
    }

    public static IResult Tokens(HttpContext context, IReadOnlyDictionary<string, object?> fields)
    {
        NoStore(context);
        return ProviderJson.Json(fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value));
    }

    /// <summary>The standard fields: access_token, token_type, expires_in, refresh_token, scope.</summary>
    public static Dictionary<string, object?> StandardFields(ProviderInstance instance, IssuedTokens tokens, string tokenType = "Bearer") => new()
    {
        ["access_token"] = tokens.Access.Value,
        ["token_type"] = tokenType,
        ["expires_in"] = TokenIssuer.ExpiresIn(tokens.Access, instance.Now),
        ["refresh_token"] = tokens.Refresh?.Value,
        ["scope"] = tokens.Scope,
    };

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }
}
