using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// GET /external-auth/{externalauth}/callback, the URL registered at the provider. Without a code it starts the
/// web flow (307 to the provider, state and PKCE kept by the link grain, the state bound to this browser by a
/// cookie); with one it completes it, after checking that binding (401 when the state is wrong or was used, as
/// Coder answers). Without a session it sends the browser to sign in and back here. The same URL completes a
/// provider sign-in when the browser carries that flow's cookie with the matching state. Failures are JSON for API
/// callers and a page of the web UI for a browser (<see cref="CallbackFailure"/>).
/// </summary>
public static class OAuthCallbackEndpoints
{
    public static IEndpointRouteBuilder MapOAuthCallbackEndpoints(this IEndpointRouteBuilder routes)
    {
        // Anonymous at the routing level only because a sign-in has no session yet; linking checks the caller below.
        routes.MapGet("/external-auth/{externalauth}/callback", HandleAsync).AllowAnonymous().WithTags("External auth")
            .WithName("ExternalAuthCallback")
            .WithSummary("The OAuth callback: starts the web flow (307 to the provider) or completes it (307 back to the web UI)")
            .WithDescription("A browser is sent to sign in first (307 to /login), and a failure is a page of the web UI (302) for a browser, JSON otherwise.")
            .ProducesRedirect(StatusCodes.Status307TemporaryRedirect, StatusCodes.Status302Found)
            .ProducesError(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        routes.MapWebUiEndpoints(); // where the callback sends the browser back: the web UI's /external-auth/{id}
        return routes;
    }

    /// <summary>What the callback works with, whichever flow it completes.</summary>
    private sealed record CallbackServices(LinkAccess Access, ProviderSignIn SignIn, SignInFlowCookie Flows, WebFlowCookie WebFlows, PublicUrls Urls);

    private static async Task<IResult> HandleAsync(string externalauth, HttpContext context, [AsParameters] CallbackServices services)
    {
        var flows = services.Flows;
        var query = context.Request.Query;
        string? Param(string name) => query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;
        var state = Param("state");
        var callback = new WebFlowCallback(state ?? "", Param("code"), Param("error"), Param("error_description"), OAuth1Parameters(Param));
        var completing = callback.Code is not null || state is not null || callback.Error is not null || Param("oauth_verifier") is not null;

        if (completing && flows.Find(context.Request, externalauth, state) is { } flow)
            return await services.SignIn.CompleteAsync(context, flow, callback);

        var caller = Caller.FromPrincipal(context.User);
        if (caller is null && completing && flows.InProgress(context.Request, externalauth) is { } otherFlow)
        {
            return CallbackFailure.Refused(CallbackFailure.StateMismatch, "State mismatched.",
                "The state does not belong to the sign-in this browser started: start again.").ForSignIn(context.Request, externalauth, otherFlow.ReturnTo);
        }
        if (caller is null)
            return SignInFirst(context.Request);
        try
        {
            return await LinkAsync(externalauth, context, caller, callback, completing, services);
        }
        catch (Exception e) when (BrowserNavigation.WantsPage(context.Request) && ExceptionStatus.Map(e) is { } mapped)
        {
            return CallbackFailure.From(mapped, callback).ForLinking(context.Request, externalauth);
        }
    }

    private static async Task<IResult> LinkAsync(
        string externalauth, HttpContext context, Caller caller, WebFlowCallback callback, bool completing, CallbackServices services)
    {
        var (webFlows, urls) = (services.WebFlows, services.Urls);
        var link = await services.Access.LinkAsync(caller, externalauth, context.RequestAborted);
        if (!completing)
        {
            var returnTo = LocalRedirects.LocalOrNull(context.Request.Query["redirect"].ToString());
            var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(urls.Callback(externalauth), returnTo)).WaitAsync(context.RequestAborted);
            webFlows.Bind(context.Response, externalauth, start.AuthorizeUrl, urls.IsHttps);
            return TypedResults.Redirect(start.AuthorizeUrl, permanent: false, preserveMethod: true);
        }
        var refused = webFlows.Check(context.Request) switch
        {
            WebFlowBinding.Missing => CallbackFailure.Refused(CallbackFailure.NoFlow, $"Cookie \"{WebFlowCookie.Name}\" must be provided.",
                "This browser has no authorization in progress for the provider, or the callback was already used: start again."),
            WebFlowBinding.Mismatched => CallbackFailure.Refused(CallbackFailure.StateMismatch, "State mismatched.",
                "The state does not belong to the authorization this browser started: start again."),
            _ => null,
        };
        if (refused is not null)
            return refused.ForLinking(context.Request, externalauth);
        webFlows.Clear(context.Response, externalauth, urls.IsHttps);
        var result = await link.CompleteWebFlowAsync(callback).WaitAsync(context.RequestAborted);
        var target = LocalRedirects.LocalOrNull(result.ReturnTo) ?? $"/external-auth/{Uri.EscapeDataString(externalauth)}?redirected=true";
        return TypedResults.Redirect(target, permanent: false, preserveMethod: true); // 307, as Coder answers
    }

    /// <summary>Coder's answer to a browser without a session: the sign-in page, which comes back to this very URL
    /// (code and state included, so a session that ended during the flow does not lose it).</summary>
    private static IResult SignInFirst(HttpRequest request)
    {
        var here = request.Path + request.QueryString;
        return TypedResults.Redirect($"/login?redirect={Uri.EscapeDataString(here)}", permanent: false, preserveMethod: true);
    }

    private static Dictionary<string, string>? OAuth1Parameters(Func<string, string?> param)
    {
        var token = param("oauth_token");
        var verifier = param("oauth_verifier");
        if (token is null && verifier is null)
            return null;
        var parameters = new Dictionary<string, string>();
        if (token is not null)
            parameters["oauth_token"] = token;
        if (verifier is not null)
            parameters["oauth_verifier"] = verifier;
        return parameters;
    }
}
