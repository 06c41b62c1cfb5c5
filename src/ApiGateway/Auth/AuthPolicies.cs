using GitIntegration.Grains.Interfaces;
using Microsoft.AspNetCore.Authorization;

namespace GitIntegration.ApiGateway.Auth;

public static class AuthPolicies
{
    public const string Admin = "admin";

    /// <summary>
    /// Route groups require a signed-in caller (RequireAuthorization) or say AllowAnonymous; admin routes need the
    /// admin role. No fallback policy: an unknown route must stay a 404, not become a 401.
    /// </summary>
    public static IServiceCollection AddGatewayAuthorization(this IServiceCollection services)
    {
        // No default authenticate scheme: WebApplication adds UseAuthentication() on its own, which would otherwise build
        // the session handler on every request although SessionAuthenticationMiddleware already signed the caller in.
        // A single registered scheme becomes the default unless this documented switch is set.
        // Authorization reads HttpContext.User; the handler still answers challenges (401) and forbids (403).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication(options =>
            {
                options.DefaultChallengeScheme = SessionAuthenticationHandler.SchemeName;
                options.DefaultForbidScheme = SessionAuthenticationHandler.SchemeName;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services;
    }
}
