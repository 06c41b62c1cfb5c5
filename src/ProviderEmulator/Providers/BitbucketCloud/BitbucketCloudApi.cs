using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Providers.BitbucketCloud;

/// <summary>Authentication, errors and paging shared by Bitbucket Cloud's API 2.0.</summary>
public static class BitbucketCloudApi
{
    /// <summary>Bitbucket's error shape: {"type":"error","error":{"message":..., "detail":...}}.</summary>
    public static IResult Error(string message, int status, string? detail = null)
    {
        var error = new Dictionary<string, object?> { ["message"] = message };
        if (detail is not null)
        {
            error["detail"] = detail;
        }

        return ProviderJson.Json(new Dictionary<string, object?> { ["type"] = "error", ["error"] = error }, status);
    }

    /// <summary>OAuth access tokens only as Bearer; API tokens and app passwords by Basic with the username (or email).</summary>
    public static ApiAuthResult Authenticate(HttpContext context, ProviderInstance instance)
    {
        var credential = ApiCredential.Read(context.Request);
        switch (credential.Scheme)
        {
            case CredentialScheme.Bearer:
                return ApiAuthentication.Resolve(instance, credential.Token);
            case CredentialScheme.Basic:
                var token = instance.Tokens.Find(credential.Token);
                var account = token is null ? null : instance.Accounts.FindById(token.AccountId);
                var userMatches = account is not null && (string.Equals(credential.User, account.Login, StringComparison.OrdinalIgnoreCase) ||
                                                          string.Equals(credential.User, account.Email, StringComparison.OrdinalIgnoreCase));
                return token is { Kind: TokenKind.PersonalAccess } && userMatches ? ApiAuthentication.Check(instance, token) : ApiAuthResult.Invalid;
            default:
                return ApiAuthResult.Missing;
        }
    }

    /// <summary>Rate-limit headers appear only for token types that are not OAuth consumers.</summary>
    public static IResult Run(HttpContext context, ProviderInstance instance, Func<ApiPrincipal, IResult> handler) =>
        ApiAuthentication.Run(context, instance, Authenticate(context, instance),
            auth => auth.Failure switch
            {
                AuthFailure.Expired => Error("Access token expired. Use your refresh token to obtain a new access token.", 401),
                AuthFailure.Missing => Error("Unauthorized", 401),
                _ => Error("Token is invalid, expired, or not supported for this endpoint.", 401),
            },
            _ => Error("Rate limit for this resource has been exceeded", StatusCodes.Status429TooManyRequests),
            handler,
            principal => !principal.IsOAuth);

    /// <summary>Bitbucket's paged list: {pagelen, values, page, size, next?, previous?}.</summary>
    public static IResult Paged<T>(HttpContext context, IReadOnlyList<T> all, int? page, int? pagelen, Func<T, object> shape)
    {
        var taken = Paging.Take(all, page, pagelen, 10, 100);
        var body = new Dictionary<string, object?>
        {
            ["pagelen"] = taken.Size,
            ["values"] = taken.Items.Select(shape).ToList(),
            ["page"] = taken.Number,
            ["size"] = taken.Total,
        };
        var request = context.Request;
        var others = string.Concat(request.Query.Where(q => q.Key is not ("page" or "pagelen"))
            .Select(q => $"&{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"));
        string Link(int number) => $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?page={number}&pagelen={taken.Size}{others}";
        if (taken.HasNext)
        {
            body["next"] = Link(taken.Number + 1);
        }

        if (taken.Number > 1)
        {
            body["previous"] = Link(taken.Number - 1);
        }

        return ProviderJson.Json(body);
    }
}
