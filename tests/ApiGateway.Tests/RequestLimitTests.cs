using System.Net;
using System.Net.Http.Json;
using System.Text;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.TestSupport;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>Caller mistakes and limits: each a 4xx (or 503) with the error body, never a 500 or a stack trace.</summary>
public sealed class RequestLimitTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    private readonly CapturedLogs _logs = new();

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(new GatewaySetup
    {
        Settings = { ["GitIntegration:Limits:MaxRequestBodyBytes"] = "4096", ["GitIntegration:Limits:RequestTimeout"] = "00:00:02" },
        Logs = _logs,
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Malformed_JSON_is_400()
    {
        foreach (var body in new[] { "{\"username\":", "not json", "[1,2]", "{\"username\": 5}", "null", "" })
        {
            var error = await Json.AssertErrorAsync(await _gateway.Admin.PostAsync("api/v2/users", Json.Body(body)), 400);
            Assert.DoesNotContain("   at ", error.ToJsonString());
        }
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        await Json.AssertErrorAsync(await _gateway.Admin.PostAsync("api/v2/users", new StringContent("{\"username\":\"a\"}", Encoding.UTF8, "text/plain")), 415);
        await Json.AssertErrorAsync(await _gateway.Admin.PostAsync("api/v2/users", new FormUrlEncodedContent([new("username", "a")])), 415);
    }

    [Fact]
    public async Task An_oversized_body_is_413_whether_its_length_is_declared_or_chunked()
    {
        var big = "{\"username\":\"" + new string('a', 10_000) + "\"}";

        await Json.AssertErrorAsync(await _gateway.Admin.PostAsync("api/v2/users", Json.Body(big)), 413);
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/users") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await Json.AssertErrorAsync(await _gateway.Admin.SendAsync(request), 413);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/users/" + new string('a', 5_000)), 404);
    }

    [Fact]
    public async Task A_request_line_over_8_KiB_is_414_with_the_error_body()
    {
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/users/" + new string('a', 8_000)), 404);

        var error = await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/users/" + new string('a', 8_200)), 414);
        // Far past Kestrel's own 8 KiB limit, which the gateway raises so that this answer carries the body too.
        await Json.AssertErrorAsync(await _gateway.Client().GetAsync("healthz?q=" + new string('q', 100_000)), 414);

        Assert.Contains("8192 bytes", error["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Headers_over_32_KiB_or_100_lines_are_431_with_the_error_body()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendWithHeadersAsync(("X-Padding", new string('p', 30_000)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendWithHeadersAsync(Enumerable.Range(0, 90).Select(i => ($"X-H{i}", "v")).ToArray())).StatusCode);

        var large = await Json.AssertErrorAsync(await SendWithHeadersAsync(("X-Padding", new string('p', 33_000))), 431);
        await Json.AssertErrorAsync(await SendWithHeadersAsync(("Cookie", string.Join("; ", Enumerable.Range(0, 400).Select(i => $"c{i}={new string('v', 200)}")))), 431);
        await Json.AssertErrorAsync(await SendWithHeadersAsync(Enumerable.Range(0, 120).Select(i => ($"X-H{i}", "v")).ToArray()), 431);

        Assert.Contains("32768 bytes", large["detail"]!.GetValue<string>());
    }

    private async Task<HttpResponseMessage> SendWithHeadersAsync(params (string Name, string Value)[] headers)
    {
        using var client = _gateway.Client();
        var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_the_error_body()
    {
        await Json.AssertErrorAsync(await _gateway.Client().GetAsync("api/v2/nothing-here"), 404);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v3/users"), 404);
        await Json.AssertErrorAsync(await _gateway.Admin.DeleteAsync("api/v2/users"), 405);
        await Json.AssertErrorAsync(await _gateway.Admin.PatchAsync("api/v2/admin/ssh", Json.Body("{}")), 405);
    }

    [Fact]
    public async Task A_request_that_outlasts_the_timeout_is_503()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        await _gateway.LinkAsync(alice, "github");
        await _gateway.Emulator.Client.AddFaultAsync(new FaultSpec(Instance: "gh", Path: "/gh/api/v3/user", DelayMs: 5000, Count: 10));

        var slow = await alice.Api.GetAsync("api/v2/external-auth/github");

        Assert.True(slow.StatusCode == HttpStatusCode.ServiceUnavailable, _logs.All);
        await Json.AssertErrorAsync(slow, 503);
        Assert.DoesNotContain(_logs.Lines, line => line.StartsWith("Error") || line.StartsWith("Critical"));
    }
}

public sealed class RateLimitTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(new GatewaySetup
    {
        Settings = { ["GitIntegration:Limits:RequestsPerSecondPerCaller"] = "2", ["GitIntegration:Limits:BurstPerCaller"] = "5" },
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_caller_over_the_limit_gets_429_with_retry_after_while_others_carry_on()
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
            responses.Add(await _gateway.Admin.GetAsync("api/v2/admin/ssh"));

        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await Json.AssertErrorAsync(limited, 429);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Client().GetAsync("healthz")).StatusCode);
    }
}
