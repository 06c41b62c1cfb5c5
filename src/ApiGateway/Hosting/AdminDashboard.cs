using GitIntegration.ApiGateway.Auth;
using Microsoft.AspNetCore.Http.Timeouts;
using Orleans.Dashboard;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// The Orleans dashboard at /dashboard, for administrators only (the admin token, or an admin's session cookie in a
/// browser). Its page, its scripts and every data endpoint it polls are one route group, so the admin policy covers
/// them all. The silo side is <c>AddDashboard()</c> on the co-hosted silo (all-in-one) or on every silo of the
/// cluster, with <c>AddDashboard()</c> on the gateway's Orleans client (gateway mode).
/// </summary>
public static class AdminDashboard
{
    public const string RoutePrefix = "/dashboard";

    public static IEndpointRouteBuilder MapAdminDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapOrleansDashboard(RoutePrefix)
            .RequireAuthorization(AuthPolicies.Admin)
            .ExcludeFromDescription() // Orleans' own routes, not this service's API
            .DisableRequestTimeout() // its log view is one long response; its grain calls have Orleans' own timeout
            .AddEndpointFilter(NeverFramedAsync);
        return routes;
    }

    /// <summary>No other site may frame the dashboard under an admin's cookie. Set before the handler runs: the log
    /// stream writes its response from inside the handler.</summary>
    private static ValueTask<object?> NeverFramedAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var headers = invocation.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = "frame-ancestors 'none'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        return next(invocation);
    }
}
