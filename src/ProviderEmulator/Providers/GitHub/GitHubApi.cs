using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>Authentication, headers and error bodies shared by GitHub's REST endpoints.</summary>
public static class GitHubApi
{
    public const string DocsUrl = "https://docs.github.com/rest";

    public static IResult Message(string message, int status, string? docs = null) =>
        ProviderJson.Json(new Dictionary<string, object?>
        {
            ["message"] = message,
            ["documentation_url"] = docs ?? DocsUrl,
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, status);

    public static IResult NotFound() => Message("Not Found", StatusCodes.Status404NotFound);

    /// <summary>422 Validation Failed with one error, GitHub's shape.</summary>
    public static IResult ValidationFailed(string resource, string field, string message, string docs) =>
        ProviderJson.Json(new Dictionary<string, object?>
        {
            ["message"] = "Validation Failed",
            ["errors"] = new[] { new Dictionary<string, object?> { ["resource"] = resource, ["code"] = "custom", ["field"] = field, ["message"] = message } },
            ["documentation_url"] = docs,
            ["status"] = "422",
        }, StatusCodes.Status422UnprocessableEntity);

    /// <summary>Accepts "Bearer", "token" and git-style Basic (token as password, or as username).</summary>
    public static ApiAuthResult Authenticate(HttpContext context, ProviderInstance instance) =>
        ApiAuthentication.Resolve(instance, TokenOf(ApiCredential.Read(context.Request)));

    public static string? TokenOf(ApiCredential credential) => credential.Scheme switch
    {
        CredentialScheme.Bearer or CredentialScheme.Token => credential.Token,
        CredentialScheme.Basic => credential.TokenFromBasicEitherHalf(),
        _ => null,
    };

    public static IResult Run(HttpContext context, ProviderInstance instance, Func<ApiPrincipal, IResult> handler)
    {
        WriteCommonHeaders(context);
        return ApiAuthentication.Run(context, instance, Authenticate(context, instance),
            auth => auth.Failure == AuthFailure.Missing
                ? Message("Requires authentication", StatusCodes.Status401Unauthorized)
                : Message("Bad credentials", StatusCodes.Status401Unauthorized),
            window => Message($"API rate limit exceeded. Limit {window.Limit} per window.", StatusCodes.Status403Forbidden,
                "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"),
            principal =>
            {
                WriteScopeHeaders(context, instance, principal);
                return handler(principal);
            });
    }

    public static void WriteCommonHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["X-GitHub-Media-Type"] = "github.v3; format=json";
        headers["X-GitHub-Api-Version-Selected"] = "2022-11-28";
        headers["X-GitHub-Request-Id"] = Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
    }

    /// <summary>OAuth App tokens and classic PATs report their scopes; GitHub App tokens do not.</summary>
    private static void WriteScopeHeaders(HttpContext context, ProviderInstance instance, ApiPrincipal principal)
    {
        var app = instance.Apps.Find(principal.Token.ClientId);
        if (app?.Kind == AppKind.GitHubApp)
        {
            return;
        }

        context.Response.Headers["X-OAuth-Scopes"] = string.Join(", ", principal.Token.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        context.Response.Headers["X-Accepted-OAuth-Scopes"] = "";
    }
}
