using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace GitIntegration.ServiceDefaults;

/// <summary>
/// OpenTelemetry metrics, exported at /metrics in Prometheus text: Orleans' own meters, ASP.NET Core (requests by
/// route template, Kestrel, routing, rate limiting), HttpClient (the calls to providers), the .NET runtime, and the
/// service's meters. <c>GitIntegration:Telemetry:Metrics=false</c> leaves OpenTelemetry out entirely: no meter is
/// listened to and /metrics is not mapped.
/// </summary>
/// <remarks>
/// Labels stay free of secrets by construction: ASP.NET Core labels a request with its route template
/// (/api/v2/users/{user}), never the path or the query string, and HttpClient with the provider's host, never the URL.
/// </remarks>
public static class ServiceTelemetry
{
    public const string MetricsSwitch = "GitIntegration:Telemetry:Metrics";
    public const string MetricsPath = "/metrics";

    /// <summary>The meter Orleans records into (silo and client: messaging, activations, storage, reminders...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Whether metrics are on (the default), or a one-line problem when the switch is not a boolean.</summary>
    public static bool MetricsEnabled(IConfiguration configuration) =>
        SwitchValue(configuration) ?? throw new InvalidOperationException(SwitchProblem(configuration));

    /// <summary>The configuration problem of the switch, or null; for the start-up checks that report one line.</summary>
    public static string? SwitchProblem(IConfiguration configuration) =>
        SwitchValue(configuration) is null ? $"{MetricsSwitch}: '{configuration[MetricsSwitch]}' is not true or false." : null;

    /// <summary>Adds the meter provider with the Prometheus exporter, unless the switch turns metrics off.</summary>
    /// <param name="serviceName">The service.name of the target_info series (gitintegration-gateway, gitintegration-silo).</param>
    /// <param name="serviceMeters">The names of the service's own meters.</param>
    public static TBuilder AddServiceTelemetry<TBuilder>(this TBuilder builder, string serviceName, params string[] serviceMeters)
        where TBuilder : IHostApplicationBuilder
    {
        if (!MetricsEnabled(builder.Configuration))
            return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansMeter)
                .AddMeter(serviceMeters)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps /metrics (anonymous, like a scrape target is; no rate limit) when metrics are on.</summary>
    public static void MapServiceMetrics(this WebApplication app)
    {
        if (MetricsEnabled(app.Configuration))
            app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous().DisableRateLimiting().WithTags("Operations")
                .WithName("GetMetrics").WithSummary("Metrics in Prometheus text format")
                .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/plain"]));
    }

    private static bool? SwitchValue(IConfiguration configuration) => configuration[MetricsSwitch] switch
    {
        null or "" => true,
        var text when bool.TryParse(text.Trim(), out var value) => value,
        _ => null,
    };
}
