using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;

namespace GitIntegration.ProviderEmulator.Providers.GitHub;

/// <summary>
/// Headers every GitHub REST answer carries: the media type and request id, and the caller's rate-limit window
/// (GitHub sends x-ratelimit-* on errors too, 401 and 404 included).
/// </summary>
public static class GitHubHeaders
{
    /// <summary>Endpoint filter for the REST groups: adds what the handler did not write.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var result = await next(invocation);
        if (ProviderInstanceOf(context) is { } instance)
        {
            GitHubApi.WriteCommonHeaders(context);
            WriteRateLimit(context, instance);
        }

        return result;
    }

    /// <summary>The caller's window without counting, unless the endpoint already wrote the counted one.</summary>
    public static void WriteRateLimit(HttpContext context, ProviderInstance instance)
    {
        if (context.Response.Headers.ContainsKey("x-ratelimit-limit"))
        {
            return;
        }

        var caller = GitHubApi.Authenticate(context, instance).Principal is { } principal ? "account:" + principal.Account.Id : "anonymous";
        if (instance.RateLimits.Peek(instance, caller) is { } window)
        {
            RateLimitHeaders.Write(instance, context.Response, window);
        }
    }

    private static ProviderInstance? ProviderInstanceOf(HttpContext context) =>
        context.GetRouteValue("instance") is string name ? context.RequestServices.GetRequiredService<EmulatorState>().Find(name) : null;
}
