using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.OAuth1;

namespace GitIntegration.ProviderEmulator.Providers.BitbucketServer;

/// <summary>Authentication (Bearer, Basic with an HTTP access token, OAuth 1 RSA-SHA1), error shape and paging for Bitbucket DC.</summary>
public static class BitbucketServerApi
{
    /// <summary>Bitbucket DC's error shape: {"errors":[{"context","message","exceptionName"}]}.</summary>
    public static IResult Errors(string message, int status, string? exceptionName = null, string? context = null) =>
        ProviderJson.Json(new Dictionary<string, object?>
        {
            ["errors"] = new[] { new Dictionary<string, object?> { ["context"] = context, ["message"] = message, ["exceptionName"] = exceptionName } },
        }, status);

    public static async Task<(ApiAuthResult Auth, string? OAuthProblem)> AuthenticateAsync(HttpContext context, ProviderInstance instance)
    {
        var credential = ApiCredential.Read(context.Request);
        switch (credential.Scheme)
        {
            case CredentialScheme.Bearer:
                return (ApiAuthentication.Resolve(instance, credential.Token), null);
            case CredentialScheme.Basic:
                var token = instance.Tokens.Find(credential.Token);
                var account = token is null ? null : instance.Accounts.FindById(token.AccountId);
                return token is { Kind: TokenKind.PersonalAccess } && string.Equals(account?.Login, credential.User, StringComparison.OrdinalIgnoreCase)
                    ? (ApiAuthentication.Check(instance, token), null)
                    : (ApiAuthResult.Invalid, null);
            case CredentialScheme.OAuth1:
                var check = await OAuth1Verifier.VerifyAsync(context, instance);
                if (!check.Ok)
                {
                    return (ApiAuthResult.Invalid, check.Problem);
                }

                var access = instance.Tokens.Find(check.Token);
                return access is { Kind: TokenKind.OAuth1Access } && access.ClientId == check.Consumer!.Key
                    ? (ApiAuthentication.Check(instance, access), null)
                    : (ApiAuthResult.Invalid, "token_rejected");
            default:
                return (ApiAuthResult.Missing, null);
        }
    }

    /// <summary>
    /// Authenticates and runs the handler; every authenticated response names the user in X-AUSERNAME and X-AUSERID.
    /// With <paramref name="allowAnonymous"/>, a request without credentials runs with a null principal.
    /// </summary>
    public static async Task<IResult> RunAsync(HttpContext context, ProviderInstance instance, Func<ApiPrincipal?, IResult> handler, bool allowAnonymous = false)
    {
        var (auth, problem) = await AuthenticateAsync(context, instance);
        if (auth.Failure == AuthFailure.Missing && allowAnonymous)
        {
            return handler(null);
        }

        return ApiAuthentication.Run(context, instance, auth,
            _ => Unauthorized(context, problem),
            _ => Errors("Too many requests. Please try again later.", StatusCodes.Status429TooManyRequests,
                "com.atlassian.bitbucket.ratelimit.RateLimitedException"),
            principal =>
            {
                context.Response.Headers["X-AUSERNAME"] = principal.Account.Slug;
                context.Response.Headers["X-AUSERID"] = principal.Account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return handler(principal);
            });
    }

    public static IResult Unauthorized(HttpContext context, string? oauthProblem)
    {
        if (oauthProblem is not null)
        {
            context.Response.Headers.WWWAuthenticate = $"OAuth realm=\"{context.Request.Scheme}://{context.Request.Host}\", oauth_problem=\"{oauthProblem}\"";
            return Errors($"OAuth authentication failed: {oauthProblem}", StatusCodes.Status401Unauthorized);
        }

        return Errors("Authentication failed. Please check your credentials and try again.", StatusCodes.Status401Unauthorized,
            "com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException");
    }

    /// <summary>Bitbucket DC's paged list: {size, limit, isLastPage, start, values, nextPageStart?}.</summary>
    public static IResult Paged<T>(IReadOnlyList<T> all, int? start, int? limit, Func<T, object> shape)
    {
        var from = Math.Max(0, start ?? 0);
        var size = Math.Clamp(limit ?? 25, 1, 1000);
        var values = all.Skip(from).Take(size).Select(shape).ToList();
        var isLast = from + values.Count >= all.Count;
        var body = new Dictionary<string, object?>
        {
            ["size"] = values.Count,
            ["limit"] = size,
            ["isLastPage"] = isLast,
            ["values"] = values,
            ["start"] = from,
        };
        if (!isLast)
        {
            body["nextPageStart"] = from + values.Count;
        }

        return ProviderJson.Json(body);
    }
}
