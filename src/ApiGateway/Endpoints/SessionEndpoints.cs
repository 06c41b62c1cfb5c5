using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// The web UI's sign-in page: POST /api/v2/sessions turns a pasted session key or the admin token into the
/// HttpOnly session cookie; GET /api/v2/sessions/providers lists the providers offering sign-in (anonymous).
/// </summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        var sessions = routes.MapGroup("/api/v2/sessions").AllowAnonymous().WithTags("Sign-in");
        sessions.MapPost("/", CreateAsync)
            .WithName("CreateSession").WithSummary("Sign a browser in with a session key or the admin token (sets the session cookie)")
            .ProducesError(StatusCodes.Status401Unauthorized);
        sessions.MapGet("/providers", ListSignInProvidersAsync)
            .WithName("ListSignInProviders").WithSummary("The providers a user can sign in with");
        return routes;
    }

    /// <summary>
    /// A user's key gets a browser session of its own, so signing out never revokes the key that was pasted (a
    /// sign-in link's key is spent, as at /login/token). The admin token has no user: the cookie carries it.
    /// </summary>
    private static async Task<Results<NoContent, BadRequest<ApiError>, JsonHttpResult<ApiError>>> CreateAsync(
        [FromBody] CreateSessionRequest body, HttpContext context, SessionValidator sessions, UserAccounts accounts,
        IGrainFactory grains, PublicUrls urls, IOptions<GatewayOptions> options, TimeProvider time)
    {
        var key = body.Key?.Trim();
        if (string.IsNullOrEmpty(key))
            return ApiResults.InvalidField("key", "required");
        var caller = key.Length <= 4096 ? await sessions.ValidateAsync(key) : null;
        if (caller is null)
            return Refused();

        string cookie;
        DateTimeOffset? expires;
        if (caller.UserId is not { } userId)
        {
            cookie = key;
            expires = time.GetUtcNow() + options.Value.SessionLifetime;
        }
        else
        {
            var found = await sessions.FindKeyAsync(key);
            if (found is { Record.Name: UserAccounts.SignInLinkKeyName } link
                && !await grains.GetGrain<IUserGrain>(userId).RevokeApiKeyAsync(link.Record.Id))
                return Refused();
            var session = await accounts.NewBrowserSessionAsync(userId);
            (cookie, expires) = (session.Key, session.ExpiresAt);
        }
        context.Response.Cookies.Append(SessionCredentials.CookieName, cookie, SessionCredentials.CookieOptions(urls.IsHttps, expires));
        return TypedResults.NoContent();
    }

    private static JsonHttpResult<ApiError> Refused() => ApiResults.Status(StatusCodes.Status401Unauthorized,
        "This key is not valid.", "Paste a session key or the admin token; it may have expired or been revoked.");

    private static async Task<Ok<SignInProviders>> ListSignInProvidersAsync(IProviderDirectory providers, CancellationToken cancellationToken)
    {
        var all = await providers.GetAllAsync(cancellationToken);
        return TypedResults.Ok(new SignInProviders(all
            .Where(p => p is { AllowSignIn: true, UsesOAuth1: false })
            .Select(p => new SignInProvider(p.Id, p.DisplayName, p.DisplayIcon))
            .ToArray()));
    }
}
