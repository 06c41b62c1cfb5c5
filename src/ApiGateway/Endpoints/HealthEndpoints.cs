using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>/healthz (process alive), /readyz (storage reachable; in gateway mode also silos serving), /metrics (Prometheus text).</summary>
public static class HealthEndpoints
{
    public sealed record HealthStatus(string Status);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthStatus("ok"))).AllowAnonymous().DisableRateLimiting().WithTags("Operations")
            .WithName("GetHealth").WithSummary("The process is alive");
        routes.MapGet("/readyz", ReadyAsync).AllowAnonymous().DisableRateLimiting().WithTags("Operations")
            .WithName("GetReadiness").WithSummary("Storage is reachable and, in a cluster, a silo serves the grains")
            .ProducesError(StatusCodes.Status503ServiceUnavailable);
        routes.MapGet("/metrics", (PrometheusMetrics metrics) => TypedResults.Text(metrics.Render(), PrometheusMetrics.ContentType))
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Ok<HealthStatus>, JsonHttpResult<ApiError>>> ReadyAsync(IGrainBackend backend, CancellationToken cancellationToken)
    {
        bool reachable;
        try
        {
            reachable = await backend.IsReadyAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            reachable = false;
        }
        return reachable
            ? TypedResults.Ok(new HealthStatus("ok"))
            : ApiResults.Status(StatusCodes.Status503ServiceUnavailable, "Not ready.", "The storage is not reachable, or no silo serves the grains.");
    }
}
