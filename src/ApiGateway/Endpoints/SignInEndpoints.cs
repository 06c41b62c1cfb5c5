using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>Browser sign-in: with a provider, with a single-use sign-in link, and sign-out.</summary>
public static class SignInEndpoints
{
    public static string TokenLink(PublicUrls urls, string key) => $"{urls.Base}/login/token?key={Uri.EscapeDataString(key)}";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder routes)
    {
        var login = routes.MapGroup("/login").WithTags("Sign-in");
        login.MapGet("/token", UseSignInLinkAsync).AllowAnonymous();
        login.MapGet("/{provider}", (string provider, string? redirect, HttpContext context, ProviderSignIn signIn) =>
            signIn.BeginAsync(context, provider, redirect)).AllowAnonymous();
        routes.MapPost("/logout", SignOutAsync).RequireAuthorization().WithTags("Sign-in");
        routes.MapSessionEndpoints(); // the web UI's sign-in page: a pasted key, the providers offering sign-in
        return routes;
    }

    /// <summary>Exchanges a sign-in link's key (spent here) for a browser session cookie.</summary>
    private static async Task<Results<RedirectHttpResult, BadRequest<ApiError>>> UseSignInLinkAsync(
        string? key, string? redirect, HttpContext context, SessionValidator sessions, UserAccounts accounts, IGrainFactory grains, PublicUrls urls)
    {
        var found = key is null ? null : await sessions.FindKeyAsync(key);
        if (found is not { Record.Name: UserAccounts.SignInLinkKeyName } link
            || !await grains.GetGrain<IUserGrain>(link.Record.UserId).RevokeApiKeyAsync(link.Record.Id))
            return ApiResults.BadRequest("This sign-in link is invalid, expired or already used.");
        var session = await accounts.NewBrowserSessionAsync(link.Record.UserId);
        context.Response.Cookies.Append(SessionCredentials.CookieName, session.Key, SessionCredentials.CookieOptions(urls.IsHttps, session.ExpiresAt));
        return TypedResults.Redirect(LocalRedirects.LocalOrNull(redirect) ?? "/");
    }

    /// <summary>Ends the session the request was made with (a browser's cookie, or a key sent in a header).</summary>
    private static async Task<NoContent> SignOutAsync(HttpContext context, IGrainFactory grains, PublicUrls urls)
    {
        var caller = context.Caller();
        if (caller is { UserId: { } userId, ApiKeyId: { } keyId })
            await grains.GetGrain<IUserGrain>(userId).RevokeApiKeyAsync(keyId);
        context.Response.Cookies.Delete(SessionCredentials.CookieName, SessionCredentials.CookieOptions(urls.IsHttps, null));
        return TypedResults.NoContent();
    }
}
