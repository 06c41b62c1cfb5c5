using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitIntegration.ApiGateway.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>The OpenAPI document explains every route, and /docs renders it from this service alone.</summary>
public sealed partial class ApiReferenceTests : IAsyncLifetime
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Every_operation_has_a_name_a_summary_and_its_responses()
    {
        var response = await _gateway.Client().GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Json.ReadAsync(response);

        var operations = (from path in document["paths"]!.AsObject()
                          from method in path.Value!.AsObject()
                          where Methods.Contains(method.Key)
                          select (Route: $"{method.Key.ToUpperInvariant()} {path.Key}", Operation: method.Value!)).ToList();

        Assert.True(operations.Count >= 40, $"only {operations.Count} operations described");
        var problems = operations.SelectMany(o => Problems(o.Route, o.Operation)).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var ids = operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Routes that fail say how: the admin routes document 401 and 403 with the error body.
        var listProviders = operations.Single(o => o.Route == "GET /api/v2/admin/external-auth").Operation["responses"]!;
        Assert.NotNull(listProviders["403"]!["content"]!["application/json"]);
        Assert.NotNull(listProviders["200"]!["content"]!["application/json"]);
        // A redirect is documented as one.
        Assert.NotNull(operations.Single(o => o.Route == "GET /login/{provider}").Operation["responses"]!["307"]);
    }

    /// <summary>Without its own response metadata a route still shows a made-up "200 OK" in the document; each
    /// described endpoint must say what it answers (typed results or Produces).</summary>
    [Fact]
    public void Every_described_endpoint_declares_its_responses()
    {
        var endpoints = _gateway.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .ToList();

        Assert.NotEmpty(endpoints);
        var undeclared = endpoints.Where(e => !e.Metadata.OfType<IProducesResponseTypeMetadata>().Any()).Select(e => e.DisplayName).ToList();
        Assert.Empty(undeclared);
        Assert.DoesNotContain(endpoints, e => e.RoutePattern.RawText?.StartsWith("/dashboard", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(endpoints, e => e.RoutePattern.RawText?.StartsWith("/docs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_docs_page_loads_only_from_this_service()
    {
        using var browser = _gateway.Browser();
        var page = await browser.FollowAsync("docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith("/docs/", browser.Visited[^1].AbsolutePath);
        // Nothing on the page names another host: no CDN script, font or stylesheet, no telemetry endpoint.
        Assert.DoesNotMatch(@"https?://", html);
        Assert.DoesNotContain(AttributeUrls().Matches(html).Select(m => m.Groups["url"].Value), url => url.StartsWith("//", StringComparison.Ordinal));
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy);
        Assert.Matches("script-src 'self' 'nonce-[^']+'", policy);
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.Contains("\"telemetry\":false", html);

        var scripts = ScriptSources().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.Contains("scalar.js", scripts);
        foreach (var script in scripts)
        {
            var asset = await browser.GetAsync(new Uri(browser.Visited[^1], script).ToString());
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal("text/javascript", asset.Content.Headers.ContentType!.MediaType);
        }
        var nonce = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.Equal(scripts.Count + 1, Regex.Matches(html, $"nonce=\"{Regex.Escape(nonce)}\"").Count); // and the inline start-up script
    }

    [Fact]
    public async Task The_document_is_still_at_openapi_v1_json_and_the_docs_page_reads_it()
    {
        var page = await (await _gateway.Client().GetAsync("docs/")).Content.ReadAsStringAsync();

        Assert.Contains("\"url\":\"openapi/v1.json\"", page);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client().GetAsync("openapi/v1.json")).StatusCode);
    }

    private static IEnumerable<string> Problems(string route, JsonNode operation)
    {
        if (string.IsNullOrWhiteSpace(operation["operationId"]?.GetValue<string>()))
            yield return $"{route}: no operationId (.WithName)";
        if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()))
            yield return $"{route}: no summary (.WithSummary)";
        var responses = operation["responses"]?.AsObject();
        if (responses is null || responses.Count == 0)
        {
            yield return $"{route}: no responses";
            yield break;
        }
        foreach (var (status, response) in responses)
        {
            if (!Regex.IsMatch(status, "^[1-5][0-9][0-9]$"))
                yield return $"{route}: response '{status}' is not a status code";
            if (string.IsNullOrWhiteSpace(response?["description"]?.GetValue<string>()))
                yield return $"{route}: response {status} has no description";
        }
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSources();

    [GeneratedRegex("\\s(?:src|href)=\"(?<url>[^\"]*)\"")]
    private static partial Regex AttributeUrls();
}
