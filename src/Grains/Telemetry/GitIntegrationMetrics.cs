using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GitIntegration.Grains.Telemetry;

/// <summary>
/// The service's shared Meter and its instruments, defined once here so every area records into the same names.
/// Tag values are low-cardinality words (outcome, operation) and the provider's configured id (letters, digits and
/// hyphens), never user ids, URLs, secrets or text a user typed. Exported at /metrics through OpenTelemetry.
/// </summary>
public static class GitIntegrationMetrics
{
    public const string MeterName = "GitIntegration";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Token requests answered by the gateway (git credentials). Tag <c>outcome</c>: valid, not_linked, reauthentication_required, unavailable.</summary>
    public static readonly Counter<long> TokenRequests =
        Meter.CreateCounter<long>("gitintegration.token.requests", description: "Token requests by outcome.");

    /// <summary>Refresh-token grants spent. Tags <c>provider</c> and <c>outcome</c>: success, permanent_failure, transient_failure.</summary>
    public static readonly Counter<long> TokenRefreshes =
        Meter.CreateCounter<long>("gitintegration.token.refreshes", description: "Token refreshes by provider and outcome.");

    /// <summary>Links that came to need re-authentication (the user must link again). Tag <c>provider</c>.</summary>
    public static readonly Counter<long> ReauthenticationRequired =
        Meter.CreateCounter<long>("gitintegration.links.reauthentication_required", description: "Links that came to need re-authentication, by provider.");

    /// <summary>SSH key syncs to a provider account. Tags <c>provider</c> and <c>outcome</c>: synced, failed.</summary>
    public static readonly Counter<long> SshKeySyncs =
        Meter.CreateCounter<long>("gitintegration.ssh_key.syncs", description: "SSH key syncs by provider and outcome.");

    /// <summary>How long a provider took to answer, retries included. Tags <c>provider</c>, <c>operation</c>
    /// (refresh, validate, ssh_key_sync) and <c>outcome</c> (success, failure).</summary>
    public static readonly Histogram<double> ProviderCallDuration = Meter.CreateHistogram<double>(
        "gitintegration.provider.call.duration", unit: "s", description: "Duration of calls to providers by provider, operation and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static void RefreshSpent(string provider, string outcome) =>
        TokenRefreshes.Add(1, new TagList { { "provider", provider }, { "outcome", outcome } });

    public static void ReauthenticationNeeded(string provider) =>
        ReauthenticationRequired.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public static void SshKeySynced(string provider, bool synced) =>
        SshKeySyncs.Add(1, new TagList { { "provider", provider }, { "outcome", synced ? "synced" : "failed" } });

    /// <summary>Records a provider call that began at <paramref name="startedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void ProviderCallEnded(string provider, string operation, long startedAt, bool success) =>
        ProviderCallDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds,
            new TagList { { "provider", provider }, { "operation", operation }, { "outcome", success ? "success" : "failure" } });
}
