using System.Net;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>GitIntegration:Telemetry:Metrics=false leaves OpenTelemetry out: no /metrics, and the API works as before.</summary>
public sealed class MetricsSwitchTests
{
    [Fact]
    public async Task With_metrics_off_there_is_no_metrics_endpoint_and_the_API_still_answers()
    {
        await using var gateway = await TestGateway.StartAsync(new GatewaySetup { Settings = { ["GitIntegration:Telemetry:Metrics"] = "false" } });
        var alice = await gateway.CreateUserAsync("alice");
        await gateway.LinkAsync(alice, "github");

        var credentials = await alice.Api.GetAsync("api/v2/git/credentials?id=github");

        Assert.Equal(HttpStatusCode.OK, credentials.StatusCode);
        Assert.NotNull((await Json.ReadAsync(credentials))["access_token"]);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Client().GetAsync("metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client().GetAsync("readyz")).StatusCode);
    }
}
