using System.Net;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests;

public sealed class ConcurrencyTests : ProviderTest
{
    [Theory]
    [InlineData("gitlab", "/oauth/authorize", "/oauth/token")]
    [InlineData("bitbucket-server", "/rest/oauth2/latest/authorize", "/rest/oauth2/latest/token")]
    public async Task Two_hundred_concurrent_refreshes_with_one_token_let_exactly_one_win_and_count_exactly(string instance, string authorize, string token)
    {
        var client = await SetUpAsync(instance);
        var tokens = await client.WebFlowAsync(Url(instance, authorize), Url(instance, token), null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;

        var attempts = Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await client.RefreshAsync(Url(instance, token), refresh);
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(attempts);

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(199, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(200, await Control.GetRefreshTokenPresentationsAsync(refresh));
        var outcome = Assert.Single((await Control.GetCountersAsync()).Refreshes, r => r.Instance == instance);
        Assert.Equal(1, outcome.Succeeded);
        Assert.Equal(199, outcome.Failed);
        Assert.Equal(201, await Control.GetEndpointCallsAsync(instance, "token"));
    }

    [Fact]
    public async Task Github_answers_losers_with_200_bad_refresh_token()
    {
        var client = await SetUpAsync("github", app: new Control.RegisterAppRequest("Iv1.race", "s", [Callback.RedirectUri], Kind: "github-app"));
        var tokens = await client.WebFlowAsync(Url("github", "/login/oauth/authorize"), Url("github", "/login/oauth/access_token"), null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var bodies = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await client.RefreshAsync(Url("github", "/login/oauth/access_token"), refresh);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }));
        Assert.Single(bodies, b => b.Contains("access_token", StringComparison.Ordinal));
        Assert.Equal(199, bodies.Count(b => b.Contains("bad_refresh_token", StringComparison.Ordinal)));
    }
}
