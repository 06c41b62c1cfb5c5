namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// The web UI (wwwroot/) routes in the browser; these paths serve its page so a reload or a redirect lands in the
/// UI: /external-auth/{id} (where the OAuth callback sends the browser back, and the link URL git is given),
/// /login?redirect= (sign-in, then on to a local path, as Coder's /login) and /settings/... . Everything else under
/// wwwroot/ is served by the static file middleware.
/// </summary>
public static class WebUiEndpoints
{
    private const string Page = "index.html";

    public static IEndpointRouteBuilder MapWebUiEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/external-auth/{externalauth}", ServePage).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/settings/{**path}", ServePage).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet("/login", ServePage).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    /// <summary>The UI's page, for routes that answer a browser with it and an API caller otherwise (/login/token).</summary>
    public static IResult ServePage(HttpContext context, IWebHostEnvironment environment)
    {
        var page = environment.WebRootFileProvider.GetFileInfo(Page);
        if (!page.Exists || page.PhysicalPath is null)
            return Errors.ApiResults.NotFound("The web UI is not installed beside the service (wwwroot/index.html is missing).");
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.PhysicalFile(page.PhysicalPath, "text/html; charset=utf-8");
    }
}
