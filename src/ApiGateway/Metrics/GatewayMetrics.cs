using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GitIntegration.ApiGateway.Metrics;

/// <summary>The gateway's own instruments: requests answered and their duration.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "GitIntegration.Gateway";

    private static readonly object[] BoxedStatuses = Enumerable.Range(0, 600).Select(status => (object)status).ToArray();

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("gitintegration.http.requests", description: "HTTP requests answered by the gateway.");
        _duration = meter.CreateHistogram<double>("gitintegration.http.request.duration", unit: "s", description: "Gateway request duration.");
    }

    public void RequestAnswered(string method, string route, int status, TimeSpan elapsed)
    {
        var boxedStatus = status is >= 0 and < 600 ? BoxedStatuses[status] : status; // no boxing per request
        var tags = new TagList { { "method", method }, { "route", route }, { "status", boxedStatus } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, new TagList { { "method", method }, { "route", route } });
    }
}
