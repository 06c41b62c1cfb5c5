using System.Net;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests;

public sealed class FaultTests : ProviderTest
{
    [Fact]
    public async Task A_503_fault_answers_count_times_then_the_endpoint_recovers_and_every_call_is_counted()
    {
        var client = await SetUpAsync("gitlab");
        var tokens = await client.WebFlowAsync(Url("gitlab", "/oauth/authorize"), Url("gitlab", "/oauth/token"), "api");
        await Control.AddFaultAsync(new FaultSpec(Instance: "gitlab", Endpoint: "token", Status: 503, Count: 2));

        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var first = await client.RefreshAsync(Url("gitlab", "/oauth/token"), refresh);
        using var second = await client.RefreshAsync(Url("gitlab", "/oauth/token"), refresh);
        using var third = await client.RefreshAsync(Url("gitlab", "/oauth/token"), refresh);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);

        Assert.Equal(4, await Control.GetEndpointCallsAsync("gitlab", "token"));
        Assert.Equal(1, await Control.GetRefreshTokenPresentationsAsync(refresh));
        Assert.Empty(await Control.GetFaultsAsync());
    }

    [Fact]
    public async Task A_429_fault_carries_retry_after_and_the_providers_rate_limit_headers()
    {
        await Control.CreateAccountAsync("gitlab", "ivan");
        await Control.CreateAccountAsync("github", "ivan");
        var gitlabPat = (await Control.IssuePersonalAccessTokenAsync("gitlab", "ivan")).Token;
        var githubPat = (await Control.IssuePersonalAccessTokenAsync("github", "ivan")).Token;
        await Control.AddFaultAsync(new FaultSpec(Instance: "gitlab", Path: "/api/v4/user", Status: 429, RetryAfter: 30, RateLimitHeaders: true));
        await Control.AddFaultAsync(new FaultSpec(Instance: "github", Endpoint: "user", Status: 429, RetryAfter: 7, RateLimitHeaders: true, Count: 1));

        using var gitlab = await GetWithBearer(Url("gitlab", "/api/v4/user"), gitlabPat);
        Assert.Equal(HttpStatusCode.TooManyRequests, gitlab.StatusCode);
        Assert.Equal("30", gitlab.Headers.GetValues("Retry-After").Single());
        Assert.Equal("0", gitlab.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.True(gitlab.Headers.Contains("RateLimit-ResetTime"));
        Assert.Equal("Retry later", (await gitlab.Content.ReadAsStringAsync()).Trim());

        using var github = await GetWithBearer(Url("github", "/api/v3/user"), githubPat);
        Assert.Equal(HttpStatusCode.TooManyRequests, github.StatusCode);
        Assert.Equal("0", github.Headers.GetValues("x-ratelimit-remaining").Single());
        Assert.Equal("7", github.Headers.GetValues("Retry-After").Single());
        using var recovered = await GetWithBearer(Url("github", "/api/v3/user"), githubPat);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);

        await Control.ClearFaultsAsync();
        using var cleared = await GetWithBearer(Url("gitlab", "/api/v4/user"), gitlabPat);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
    }

    [Fact]
    public async Task A_fault_after_processing_rotates_the_refresh_token_then_answers_502()
    {
        var client = await SetUpAsync("gitlab");
        var tokens = await client.WebFlowAsync(Url("gitlab", "/oauth/authorize"), Url("gitlab", "/oauth/token"), "api");
        await Control.AddFaultAsync(new FaultSpec(Instance: "gitlab", Endpoint: "token", Status: 502, Count: 1, AfterProcessing: true));

        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var failed = await client.RefreshAsync(Url("gitlab", "/oauth/token"), refresh);
        using var again = await client.RefreshAsync(Url("gitlab", "/oauth/token"), refresh);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode); // the first attempt spent it
        Assert.Equal("invalid_grant", (await JsonOf(again)).GetProperty("error").GetString());
        Assert.Equal(2, await Control.GetRefreshTokenPresentationsAsync(refresh));
    }

    [Fact]
    public async Task A_dropping_fault_after_processing_spends_the_token_and_closes_the_connection()
    {
        var client = await SetUpAsync("oauth2");
        var tokens = await client.WebFlowAsync(Url("oauth2", "/authorize"), Url("oauth2", "/token"), "openid");
        await Control.AddFaultAsync(new FaultSpec(Instance: "oauth2", Endpoint: "token", Count: 1, AfterProcessing: true, Drop: true));

        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        await Assert.ThrowsAsync<HttpRequestException>(() => client.RefreshAsync(Url("oauth2", "/token"), refresh));
        using var again = await client.RefreshAsync(Url("oauth2", "/token"), refresh);

        Assert.Equal("invalid_grant", (await JsonOf(again)).GetProperty("error").GetString());
        Assert.Equal(1, (await Control.GetCountersAsync()).Refreshes.Single(r => r.Instance == "oauth2").Succeeded);
    }

    [Fact]
    public async Task Latency_fault_delays_but_still_answers_normally()
    {
        await Control.CreateAccountAsync("gitea", "judy");
        var pat = (await Control.IssuePersonalAccessTokenAsync("gitea", "judy")).Token;
        var fault = await Control.AddFaultAsync(new FaultSpec(Instance: "gitea", Endpoint: "user", DelayMs: 300, Count: 1));
        using var response = await GetWithBearer(Url("gitea", "/api/v1/user"), pat, "token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("judy", (await JsonOf(response)).GetProperty("login").GetString());
        Assert.DoesNotContain(await Control.GetFaultsAsync(), f => f.Id == fault.Id);
    }

    [Fact]
    public async Task Timeout_fault_hangs_until_the_client_gives_up()
    {
        await Control.AddFaultAsync(new FaultSpec(Instance: "oauth2", Endpoint: "metadata", Timeout: true, Count: 1));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(Url("oauth2", "/.well-known/oauth-authorization-server")));
        using var after = await Http.GetAsync(Url("oauth2", "/.well-known/oauth-authorization-server"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
