using Scalar.AspNetCore;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// /docs: the API reference (Scalar) rendered from /openapi/v1.json. Everything it loads comes from this service:
/// Scalar's script is embedded in its package and served under /docs, its CDN fonts, telemetry and AI agent are
/// off, and the page's Content-Security-Policy allows this origin and the page's own nonce-carrying script only.
/// </summary>
public static class ApiReferenceEndpoints
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder routes)
    {
        routes.MapScalarApiReference(Path, options => options
                .WithTitle("GitIntegration API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .HideDeveloperTools() // a toolbar of links to Scalar's site
                .WithNonce())
            .AllowAnonymous()
            .AddEndpointFilter(AddContentSecurityPolicyAsync);
        return routes;
    }

    /// <summary>The document's title and what it is, as /docs shows them first.</summary>
    public static void DescribeDocument(Microsoft.AspNetCore.OpenApi.OpenApiOptions options) =>
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "GitIntegration API";
            document.Info.Description = "Links a platform's users to their Git hosting accounts and keeps the credentials working. " +
                                        "Send a session key in the Coder-Session-Token header (or as a bearer token); admin routes need an administrator.";
            return Task.CompletedTask;
        });

    /// <summary>The page's inline start-up script carries a fresh nonce (Scalar sets it per request); the policy
    /// names it. Scalar's components add style elements at run time, hence 'unsafe-inline' for styles only.</summary>
    private static async ValueTask<object?> AddContentSecurityPolicyAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var result = await next(invocation);
        var context = invocation.HttpContext;
        if (context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string nonce)
        {
            context.Response.Headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; object-src 'none'; " +
                "form-action 'self'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
        }
        return result;
    }
}
