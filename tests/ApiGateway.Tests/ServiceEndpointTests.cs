using System.Net;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>/healthz, /readyz and /openapi/v1.json (/metrics: <see cref="MetricsTests"/>).</summary>
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
        Assert.Equal("ok", (await Json.ReadAsync(ready))["status"]!.GetValue<string>());
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
