using System.Security.Cryptography;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.ApiGateway.Users;

/// <summary>
/// Sign-in with a provider whose AllowSignIn is true: runs the OAuth web flow through the provider's own
/// callback URL (the one already registered for linking), finds or creates the user by the provider account,
/// links that provider in the same step and starts a browser session.
/// </summary>
public sealed class ProviderSignIn(
    IProviderDirectory providers,
    UserAccounts accounts,
    IGrainFactory grains,
    PublicUrls urls,
    SignInFlowCookie flows,
    ILogger<ProviderSignIn> logger)
{
    public async Task<IResult> BeginAsync(HttpContext context, string providerId, string? returnTo)
    {
        var adapter = await SignInAdapterAsync(providerId, context.RequestAborted);
        if (adapter is null)
            return ApiResults.NotFound($"Sign-in with '{providerId}' is not available.");
        var state = RandomToken();
        var verifier = adapter.Config.UsePkce ? RandomToken() : null;
        var start = await adapter.BeginAuthorizeAsync(
            new AuthorizeRequest(state, urls.Callback(providerId), verifier is null ? null : S256Challenge(verifier)), context.RequestAborted);
        var flow = new SignInFlow(providerId, state, verifier, start.PendingSecret, LocalRedirects.LocalOrNull(returnTo), DateTimeOffset.UtcNow);
        flows.Write(context.Response, flow, urls.IsHttps);
        return TypedResults.Redirect(start.Url, permanent: false, preserveMethod: true);
    }

    /// <summary>Completes the flow the cookie holds. A failure signs nobody in (JSON for API callers, the sign-in page
    /// with what happened for a browser); the flow is spent either way.</summary>
    public async Task<IResult> CompleteAsync(HttpContext context, SignInFlow flow, WebFlowCallback callback)
    {
        flows.Delete(context.Response, urls.IsHttps);
        try
        {
            var userId = await SignInAsync(flow, callback, context.RequestAborted).WaitAsync(context.RequestAborted);
            var session = await accounts.NewBrowserSessionAsync(userId);
            context.Response.Cookies.Append(SessionCredentials.CookieName, session.Key,
                SessionCredentials.CookieOptions(urls.IsHttps, session.ExpiresAt));
            logger.LogInformation("User {UserId} signed in with {ProviderId}", userId, flow.ProviderId);
            return TypedResults.Redirect(flow.ReturnTo ?? "/");
        }
        catch (Exception e) when (ExceptionStatus.Map(e) is { } mapped)
        {
            return CallbackFailure.From(mapped, callback).ForSignIn(context.Request, flow.ProviderId, flow.ReturnTo);
        }
    }

    private async Task<string> SignInAsync(SignInFlow flow, WebFlowCallback callback, CancellationToken cancellationToken)
    {
        if (callback.Error is not null)
            throw new OAuthFlowException($"The provider refused the sign-in: {callback.Error}.");
        var adapter = await SignInAdapterAsync(flow.ProviderId, cancellationToken)
                      ?? throw new OAuthFlowException($"Sign-in with '{flow.ProviderId}' is no longer available.");
        TokenSet tokens;
        try
        {
            tokens = await adapter.CompleteAuthorizeAsync(
                new AuthorizeCompletion(callback, urls.Callback(flow.ProviderId), flow.CodeVerifier, flow.PendingSecret), cancellationToken);
        }
        catch (ProviderTokenException e) when (e.Kind == ProviderErrorKind.Permanent)
        {
            throw new OAuthFlowException($"The provider did not accept the sign-in code: {e.Message}");
        }
        var validation = await adapter.ValidateAsync(tokens, cancellationToken);
        if (!validation.TreatAsValid || validation.Account is null)
            throw new OAuthFlowException($"The provider account could not be read: {validation.Error ?? validation.Outcome.ToString()}.");

        var userId = await accounts.FindOrCreateForIdentityAsync(flow.ProviderId, validation.Account);
        await grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(userId, flow.ProviderId)).ImportTokensAsync(
            new ImportedTokens(tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresAt, tokens.Scopes, validation.Account, LinkMethod.SignIn));
        return userId;
    }

    /// <summary>32 random bytes in base64url: a state nonce or a PKCE verifier (RFC 7636 recommends this size).</summary>
    private static string RandomToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string S256Challenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private async Task<IProviderAdapter?> SignInAdapterAsync(string providerId, CancellationToken cancellationToken)
    {
        if (!ProviderIds.IsValid(providerId))
            return null;
        var adapter = await providers.GetAdapterAsync(providerId, cancellationToken);
        return adapter is { Config.AllowSignIn: true, Config.UsesOAuth1: false } ? adapter : null;
    }
}
