using System.Diagnostics;

namespace GitIntegration.ApiGateway.Metrics;

/// <summary>
/// Records each request's metrics and a debug log line. The line has the method, the path and the route, never
/// the query string (OAuth codes, states and sign-in keys travel there) nor any header.
/// </summary>
public sealed class RequestTelemetryMiddleware(RequestDelegate next, GatewayMetrics metrics, ILogger<RequestTelemetryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var status = context.Response.StatusCode;
            metrics.RequestAnswered(context.Request.Method, route, status, elapsed);
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("HTTP {Method} {Path} ({Route}) answered {Status} in {ElapsedMs:0.0} ms",
                    context.Request.Method, context.Request.Path.Value, route, status, elapsed.TotalMilliseconds);
        }
    }
}
