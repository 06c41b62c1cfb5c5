using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GitIntegration.ServiceDefaults;

/// <summary>
/// /healthz: the process is alive (runs no check). /readyz: every check tagged <see cref="ReadyTag"/> passes.
/// 200 with <c>{"status":"ok"}</c>; not ready is 503 with the service's error body, <c>{"message","detail"}</c>, the
/// detail naming each failed check.
/// </summary>
public static class ServiceHealth
{
    /// <summary>The tag of the checks /readyz runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>How long one readiness check may take before it counts as failed.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static readonly string[] ReadyTags = [ReadyTag];

    public static void MapServiceHealthChecks(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous().DisableRateLimiting();
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .AllowAnonymous().DisableRateLimiting();
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        if (report.Status == HealthStatus.Unhealthy)
        {
            json.WriteString("message", "Not ready.");
            json.WriteString("detail", string.Join(" ", report.Entries
                .Where(entry => entry.Value.Status == HealthStatus.Unhealthy)
                .Select(entry => $"{entry.Key}: {Describe(entry.Value)}")));
        }
        else
        {
            json.WriteString("status", "ok");
        }
        json.WriteEndObject();
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
