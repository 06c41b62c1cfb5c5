using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Core.Api;

public enum AuthFailure
{
    None,
    Missing,
    Invalid,
    Expired,
    Revoked,
    /// <summary>A valid token that this API does not accept (wrong audience, wrong kind).</summary>
    NotAccepted,
}

/// <summary>The caller of an API request.</summary>
public sealed record ApiPrincipal(Account Account, TokenRecord Token)
{
    public bool IsOAuth => Token.Kind is TokenKind.Access or TokenKind.OAuth1Access;
}

public sealed record ApiAuthResult(ApiPrincipal? Principal, AuthFailure Failure)
{
    public static readonly ApiAuthResult Missing = new(null, AuthFailure.Missing);
    public static readonly ApiAuthResult Invalid = new(null, AuthFailure.Invalid);
}

public static class ApiAuthentication
{
    /// <summary>Looks up an access token or personal access token and checks it is live.</summary>
    public static ApiAuthResult Resolve(ProviderInstance instance, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return ApiAuthResult.Missing;
        }

        var record = instance.Tokens.Find(token);
        if (record is null || record.Kind is not (TokenKind.Access or TokenKind.PersonalAccess))
        {
            return ApiAuthResult.Invalid;
        }

        return Check(instance, record);
    }

    public static ApiAuthResult Check(ProviderInstance instance, TokenRecord record)
    {
        if (record.RevokedAt is not null)
        {
            return new ApiAuthResult(null, AuthFailure.Revoked);
        }

        if (record.IsExpired(instance.Now))
        {
            return new ApiAuthResult(null, AuthFailure.Expired);
        }

        var account = instance.Accounts.FindById(record.AccountId);
        return account is null ? ApiAuthResult.Invalid : new ApiAuthResult(new ApiPrincipal(account, record), AuthFailure.None);
    }

    /// <summary>
    /// The common API pipeline: authenticate, count against the rate limit (writing the provider's headers),
    /// then run the handler.
    /// </summary>
    public static IResult Run(
        HttpContext context,
        ProviderInstance instance,
        ApiAuthResult auth,
        Func<ApiAuthResult, IResult> unauthorized,
        Func<RateWindow, IResult> rateLimited,
        Func<ApiPrincipal, IResult> handler,
        Func<ApiPrincipal, bool>? rateLimitHeaders = null)
    {
        if (auth.Principal is not { } principal)
        {
            return unauthorized(auth);
        }

        if (instance.RateLimits.Hit(instance, "account:" + principal.Account.Id) is { } window)
        {
            if (rateLimitHeaders?.Invoke(principal) != false || window.Exceeded)
            {
                RateLimitHeaders.Write(instance, context.Response, window);
            }

            if (window.Exceeded)
            {
                return rateLimited(window);
            }
        }

        return handler(principal);
    }
}
