using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// Browser sign-in: with a provider, with a single-use sign-in link, and sign-out. Opening a sign-in link signs
/// nobody in: the web UI names the account and asks for a click, so a link someone else planted (in a page, a mail,
/// an image tag) cannot quietly sign a browser into their account and collect the Git accounts connected next.
/// </summary>
public static class SignInEndpoints
{
    private const string UnusableLink = "This sign-in link is invalid, expired or already used.";

    public static string TokenLink(PublicUrls urls, string key) => $"{urls.Base}/login/token?key={Uri.EscapeDataString(key)}";

    public static IEndpointRouteBuilder MapSignInEndpoints(this IEndpointRouteBuilder routes)
    {
        var login = routes.MapGroup("/login").WithTags("Sign-in");
        login.MapGet("/token", DescribeSignInLinkAsync).AllowAnonymous()
            .WithName("DescribeSignInLink").WithSummary("The account a sign-in link signs in as (a browser gets the page that asks first)")
            .Produces<SignInLinkAccount>().ProducesError(StatusCodes.Status400BadRequest);
        login.MapPost("/token", UseSignInLinkAsync).AllowAnonymous()
            .WithName("UseSignInLink").WithSummary("Spend a sign-in link's key and set the session cookie");
        login.MapGet("/{provider}", (string provider, string? redirect, HttpContext context, ProviderSignIn signIn) =>
                signIn.BeginAsync(context, provider, redirect)).AllowAnonymous()
            .WithName("BeginProviderSignIn").WithSummary("Start signing in with a provider (307 to its authorize page)")
            .ProducesRedirect(StatusCodes.Status307TemporaryRedirect).ProducesError(StatusCodes.Status404NotFound);
        routes.MapPost("/logout", SignOutAsync).RequireAuthorization().WithTags("Sign-in")
            .WithName("SignOut").WithSummary("End the session the request was made with").ProducesSessionErrors();
        routes.MapSessionEndpoints(); // the web UI's sign-in page: a pasted key, the providers offering sign-in
        return routes;
    }

    /// <summary>A browser gets the web UI, which asks before signing in; an API caller gets the account the link
    /// signs in as (400 when it cannot be used). Either way the link stays unused.</summary>
    private static async Task<IResult> DescribeSignInLinkAsync(string? key, HttpContext context, SignInLinks links, IWebHostEnvironment environment)
    {
        context.Response.Headers.Vary = "Accept"; // one URL, a page or JSON: a cache must not hand one out for the other
        if (BrowserNavigation.WantsPage(context.Request))
        {
            // Never inside another site's frame, where a disguised click could confirm someone else's link
            // (frame-ancestors works only as a header, not in the page's meta CSP).
            context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            context.Response.Headers.XFrameOptions = "DENY";
            return WebUiEndpoints.ServePage(context, environment);
        }
        context.Response.Headers.CacheControl = "no-store";
        return await links.FindAsync(key) is { } target
            ? TypedResults.Ok(new SignInLinkAccount(target.Username, ContractMapping.UtcOrNull(target.ExpiresAt)))
            : ApiResults.BadRequest(UnusableLink);
    }

    /// <summary>
    /// The confirming click: spends the link's key and sets the session cookie. The key comes in a JSON body, which a
    /// page of another site cannot send here (a form cannot post JSON, and a cross-site fetch of JSON needs a CORS
    /// preflight that this service never grants), so only this site's page can sign a browser in with a link.
    /// </summary>
    private static async Task<Results<NoContent, BadRequest<ApiError>>> UseSignInLinkAsync(
        [FromBody] CreateSessionRequest body, HttpContext context, SignInLinks links, UserAccounts accounts, PublicUrls urls)
    {
        if (await links.SpendAsync(body.Key?.Trim()) is not { } userId)
            return ApiResults.BadRequest(UnusableLink);
        var session = await accounts.NewBrowserSessionAsync(userId);
        context.Response.Cookies.Append(SessionCredentials.CookieName, session.Key, SessionCredentials.CookieOptions(urls.IsHttps, session.ExpiresAt));
        return TypedResults.NoContent();
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
