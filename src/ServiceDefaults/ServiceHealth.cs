using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitIntegration.ServiceDefaults;

/// <summary>
/// /healthz: the process is alive (runs no check). /readyz: every check tagged <see cref="ReadyTag"/> passes.
/// 200 with <c>{"status":"ok"}</c>; not ready is 503 with the service's error body, <c>{"message","detail"}</c>, the
/// detail naming each failed check. Both are ordinary routes over ASP.NET Core's <see cref="HealthCheckService"/>, so
/// the OpenAPI document names and describes them like every other route.
/// </summary>
public static class ServiceHealth
{
    /// <summary>The tag of the checks /readyz runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>How long one readiness check may take before it counts as failed.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static readonly string[] ReadyTags = [ReadyTag];

    public sealed record Healthy(string Status);

    public sealed record NotReady(string Message, string Detail);

    public static void MapServiceHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new Healthy("ok")))
            .AllowAnonymous().DisableRateLimiting().WithTags("Operations")
            .WithName("GetHealth").WithSummary("The process is alive");
        routes.MapGet("/readyz", ReadyAsync)
            .AllowAnonymous().DisableRateLimiting().WithTags("Operations")
            .WithName("GetReadiness").WithSummary("Storage is reachable and the silo is active in its cluster (or the client is connected to it)");
    }

    private static async Task<Results<Ok<Healthy>, JsonHttpResult<NotReady>>> ReadyAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        if (report.Status != HealthStatus.Unhealthy)
            return TypedResults.Ok(new Healthy("ok"));
        var detail = string.Join(" ", report.Entries
            .Where(entry => entry.Value.Status == HealthStatus.Unhealthy)
            .Select(entry => $"{entry.Key}: {Describe(entry.Value)}"));
        return TypedResults.Json(new NotReady("Not ready.", detail), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    // A check that threw is described by what happened, not by the exception's text: a driver's message can name
    // hosts, users or parts of a connection string.
    private static string Describe(HealthReportEntry entry) => entry.Exception switch
    {
        null => entry.Description ?? "failed.",
        OperationCanceledException or TimeoutException => "no answer in time.",
        _ => "the check failed.",
    };
}
