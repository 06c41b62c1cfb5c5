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
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return services;
    }
}
