using System.Net;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>/healthz, /readyz, /metrics and /openapi/v1.json.</summary>
public sealed class ServiceEndpointTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Health_and_readiness_answer_without_a_token()
    {
        var health = await _gateway.Client().GetAsync("healthz");
        var ready = await _gateway.Client().GetAsync("readyz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", (await Json.ReadAsync(health))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_in_Prometheus_text_format_and_count_what_happened()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        await _gateway.LinkAsync(alice, "github");
        await alice.Api.GetAsync("api/v2/git/credentials?id=github");
        await alice.Api.GetAsync("api/v2/external-auth");

        var response = await _gateway.Client().GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("# TYPE gitintegration_http_requests_total counter", text);
        Assert.Matches("gitintegration_http_requests_total\\{method=\"GET\",route=\"/api/v2/git/credentials/\",status=\"200\"\\} [1-9]", text);
        Assert.Contains("gitintegration_http_request_duration_seconds_bucket{", text);
        Assert.Contains("gitintegration_token_requests_total{outcome=\"valid\"}", text);
        Assert.DoesNotContain(alice.Token, text);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_API()
    {
        var response = await _gateway.Client().GetAsync("openapi/v1.json");
        var document = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v2/external-auth/{externalauth}", paths);
        Assert.Contains("/api/v2/git/credentials", paths.Select(p => p.TrimEnd('/')));
        Assert.Contains("/api/v2/admin/external-auth", paths);
    }
}
