using System.Diagnostics.Metrics;

namespace GitIntegration.Grains.Telemetry;

/// <summary>
/// The service's shared Meter and its instruments, defined once here so every area records into the same
/// names. Tag values are low-cardinality words (outcome, provider type, status class), never ids or secrets.
/// The gateway exports them in Prometheus text format at /metrics.
/// </summary>
public static class GitIntegrationMetrics
{
    public const string MeterName = "GitIntegration";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Token requests answered by the gateway (git credentials). Tag <c>outcome</c>: valid, not_linked, reauthentication_required, unavailable.</summary>
    public static readonly Counter<long> TokenRequests =
        Meter.CreateCounter<long>("gitintegration.token.requests", description: "Token requests by outcome.");

    /// <summary>Refresh-token grants spent. Tag <c>outcome</c>: success, permanent_failure, transient_failure.</summary>
    public static readonly Counter<long> TokenRefreshes =
        Meter.CreateCounter<long>("gitintegration.token.refreshes", description: "Token refreshes by outcome.");

    /// <summary>HTTP calls to providers. Tags <c>provider_type</c> and <c>status</c> (the HTTP status, or "error" when there was none).</summary>
    public static readonly Counter<long> ProviderCalls =
        Meter.CreateCounter<long>("gitintegration.provider.calls", description: "Calls to provider APIs by provider type and status.");
}
