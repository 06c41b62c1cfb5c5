using System.Text;
using GitIntegration.ProviderEmulator.Core.Api;

namespace GitIntegration.ProviderEmulator.Core.Faults;

/// <summary>
/// Runs after routing and before every provider endpoint: counts the call, then applies an injected fault
/// (latency, an error status with Retry-After and rate-limit headers, a hang until the client gives up, or a
/// dropped connection). With AfterProcessing the endpoint runs first (a refresh token rotates, a code is
/// redeemed) and its answer is thrown away for the fault: what a client sees when a proxy or the network fails
/// on the way back.
/// </summary>
public sealed class EmulatorEndpointMiddleware(RequestDelegate next, EmulatorState state, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var name = context.GetEndpoint()?.Metadata.GetMetadata<EmulatorEndpointName>()?.Name;
        if (name is null)
        {
            await next(context);
            return;
        }

        var instanceName = context.GetRouteValue("instance") as string;
        state.Counters.Call(instanceName ?? "", name);
        var rule = state.Faults.Take(instanceName, name, context.Request.Path.Value ?? "/", context.Request.Method);
        if (rule is null)
        {
            await next(context);
            return;
        }

        var spec = rule.Spec;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            if (spec.DelayMs is > 0)
            {
                await Task.Delay(spec.DelayMs.Value, stop.Token);
            }

            if (spec.Timeout == true)
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return;
        }

        if (spec.AfterProcessing == true)
        {
            await ProcessAndDiscardAsync(context);
            if (spec.Drop != true)
            {
                await WriteFaultAsync(context, state.Find(instanceName ?? ""), spec with { Status = spec.Status ?? 502 });
                return;
            }
        }

        if (spec.Drop == true)
        {
            context.Abort();
            return;
        }

        if (spec.Status is not > 0)
        {
            await next(context);
            return;
        }

        await WriteFaultAsync(context, state.Find(instanceName ?? ""), spec);
    }

    /// <summary>Runs the endpoint with its answer kept in memory, then forgets the answer.</summary>
    private async Task ProcessAndDiscardAsync(HttpContext context)
    {
        var body = context.Response.Body;
        using var discarded = new MemoryStream();
        context.Response.Body = discarded;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        context.Response.Clear();
    }

    private static async Task WriteFaultAsync(HttpContext context, ProviderInstance? instance, Control.FaultSpec spec)
    {
        var response = context.Response;
        var status = spec.Status!.Value;
        response.StatusCode = status;
        if (spec.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (spec.RateLimitHeaders == true && instance is not null)
        {
            var reset = instance.Now.AddSeconds(spec.RetryAfter ?? 60);
            RateLimitHeaders.WriteExhausted(instance, response, reset);
        }
        else if (instance?.Type == ProviderType.GitHub)
        {
            Providers.GitHub.GitHubHeaders.WriteRateLimit(context, instance);
        }

        var (body, contentType) = spec.Body is not null
            ? (spec.Body, spec.ContentType ?? "application/json; charset=utf-8")
            : DefaultBody(instance?.Type, status);
        response.ContentType = contentType;
        await response.WriteAsync(body, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>What the provider's front end typically answers with for that status.</summary>
    private static (string Body, string ContentType) DefaultBody(ProviderType? type, int status) => (type, status) switch
    {
        (ProviderType.GitLab, 429) => ("Retry later\n", "text/plain"),
        (ProviderType.GitHub, 429 or 403) => ("{\"message\":\"API rate limit exceeded. (But here's the good news: Authenticated requests get a higher rate limit.)\",\"documentation_url\":\"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting\",\"status\":\"" + status + "\"}", "application/json; charset=utf-8"),
        (ProviderType.GitHub, _) => ($"{{\"message\":\"{ReasonPhrases(status)}\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"{status}\"}}", "application/json; charset=utf-8"),
        (ProviderType.BitbucketCloud, 429) => ("{\"type\":\"error\",\"error\":{\"message\":\"Rate limit for this resource has been exceeded\"}}", "application/json"),
        (ProviderType.Entra, 429) => ("{\"$id\":\"1\",\"innerException\":null,\"message\":\"TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Global' in namespace 'User'.\",\"typeName\":\"Microsoft.TeamFoundation.Framework.Server.RequestBlockedException\",\"errorCode\":0}", "application/json; charset=utf-8"),
        (_, >= 500) => ($"<html><body><h1>{status} {ReasonPhrases(status)}</h1></body></html>", "text/html"),
        _ => ($"{{\"error\":\"{ReasonPhrases(status)}\"}}", "application/json"),
    };

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
