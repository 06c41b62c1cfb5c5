using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;

namespace GitIntegration.ProviderEmulator.Providers.GitLab;

/// <summary>Authentication, rate limiting and error bodies shared by GitLab's REST API v4.</summary>
public static class GitLabApi
{
    public static IResult Message(object message, int status) =>
        ProviderJson.Json(new Dictionary<string, object?> { ["message"] = message }, status);

    /// <summary>GitLab takes OAuth tokens and PATs as Bearer, and PATs in PRIVATE-TOKEN.</summary>
    public static ApiAuthResult Authenticate(HttpContext context, ProviderInstance instance)
    {
        var credential = ApiCredential.Read(context.Request);
        return credential.Scheme is CredentialScheme.Bearer or CredentialScheme.PrivateToken
            ? ApiAuthentication.Resolve(instance, credential.Token)
            : ApiAuthResult.Missing;
    }

    public static IResult Run(HttpContext context, ProviderInstance instance, Func<ApiPrincipal, IResult> handler) =>
        ApiAuthentication.Run(context, instance, Authenticate(context, instance),
            auth => Unauthorized(context, auth),
            _ => Results.Text("Retry later\n", "text/plain", statusCode: StatusCodes.Status429TooManyRequests),
            handler);

    public static IResult Unauthorized(HttpContext context, ApiAuthResult auth)
    {
        var description = auth.Failure switch
        {
            AuthFailure.Expired => "Token is expired. You can either do re-authorization or token refresh.",
            AuthFailure.Revoked => "Token was revoked. You have to re-authorize from the user.",
            _ => null,
        };
        if (description is null)
        {
            return Message("401 Unauthorized", StatusCodes.Status401Unauthorized);
        }

        context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"Protected by OAuth 2.0\", error=\"invalid_token\", error_description=\"{description}\"";
        return ProviderJson.Json(new Dictionary<string, object?> { ["error"] = "invalid_token", ["error_description"] = description },
            StatusCodes.Status401Unauthorized);
    }

    /// <summary>GitLab's offset pagination headers.</summary>
    public static void WritePaging<T>(HttpContext context, Page<T> page)
    {
        var h = context.Response.Headers;
        h["X-Page"] = page.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        h["X-Per-Page"] = page.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        h["X-Total"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        h["X-Total-Pages"] = page.LastPage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        h["X-Next-Page"] = page.HasNext ? (page.Number + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        h["X-Prev-Page"] = page.Number > 1 ? (page.Number - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        Paging.WriteLinkHeader(context, page);
    }
}
