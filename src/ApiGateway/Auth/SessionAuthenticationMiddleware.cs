namespace GitIntegration.ApiGateway.Auth;

/// <summary>
/// Signs the request's caller in from its session token (header, bearer or cookie). It stands in for
/// UseAuthentication(): a handler built per request cost a measurable share of the git credentials hot path.
/// Authorization reads HttpContext.User as usual; <see cref="SessionAuthenticationHandler"/> still answers 401/403.
/// </summary>
public sealed class SessionAuthenticationMiddleware(RequestDelegate next, SessionValidator validator)
{
    /// <summary>Set when a token was presented and refused, so the 401 can say why.</summary>
    public const string RefusedItem = "gitintegration:session_refused";

    public Task InvokeAsync(HttpContext context)
    {
        var token = SessionCredentials.Read(context.Request);
        return token is null ? next(context) : AuthenticateThenContinueAsync(context, token);
    }

    private async Task AuthenticateThenContinueAsync(HttpContext context, string token)
    {
        var caller = await validator.ValidateAsync(token);
        if (caller is null)
            context.Items[RefusedItem] = true;
        else
            context.User = caller.ToPrincipal(SessionAuthenticationHandler.SchemeName);
        await next(context);
    }
}
