using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;

namespace GitIntegration.ProviderEmulator.Providers.Gitea;

/// <summary>Authentication and error bodies shared by Gitea's API v1.</summary>
public static class GiteaApi
{
    public static IResult Message(HttpContext context, ProviderInstance instance, string message, int status) =>
        ProviderJson.Json(new Dictionary<string, object?> { ["message"] = message, ["url"] = instance.BaseUrl(context) + "/api/swagger" }, status);

    /// <summary>"token X", "Bearer X", or Basic with the token as password (or as username).</summary>
    public static ApiAuthResult Authenticate(HttpContext context, ProviderInstance instance)
    {
        var credential = ApiCredential.Read(context.Request);
        return credential.Scheme switch
        {
            CredentialScheme.Bearer or CredentialScheme.Token => ApiAuthentication.Resolve(instance, credential.Token),
            CredentialScheme.Basic => ApiAuthentication.Resolve(instance, credential.TokenFromBasicEitherHalf()),
            _ => ApiAuthResult.Missing,
        };
    }

    public static IResult Run(HttpContext context, ProviderInstance instance, Func<ApiPrincipal, IResult> handler) =>
        ApiAuthentication.Run(context, instance, Authenticate(context, instance),
            auth => Message(context, instance, auth.Failure == AuthFailure.Missing ? "token is required" : "invalid username, password or token",
                StatusCodes.Status401Unauthorized),
            _ => Message(context, instance, "rate limit exceeded", StatusCodes.Status429TooManyRequests),
            handler);
}
