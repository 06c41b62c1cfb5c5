using System.Text.Encodings.Web;
using GitIntegration.ApiGateway.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Auth;

/// <summary>
/// The session scheme as ASP.NET Core sees it: it reports what <see cref="SessionAuthenticationMiddleware"/> found
/// and answers 401/403 with the error body.
/// </summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.User.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName })
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Context.User, SchemeName)));
        return Task.FromResult(Context.Items.ContainsKey(SessionAuthenticationMiddleware.RefusedItem)
            ? AuthenticateResult.Fail("The session token is unknown, expired or revoked.")
            : AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure is null ? "No session token was sent." : result.Failure.Message;
        await ErrorResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorResponses.DefaultMessage(401), detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden.", "This route is for administrators.");
}
