using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>The OAuth state is single use, bound to the link, and lives ten minutes; any failure stores nothing.</summary>
public sealed class OAuthStateTests
{
    [Fact]
    public async Task A_wrong_state_is_refused_and_uses_up_the_flow_in_progress()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var silo = await scenario.StartSiloAsync();
        var link = silo.Link(await silo.CreateUserAsync("alice"), scenario.Provider.ProviderId);
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(scenario.Provider.CallbackUrl, "/"));
        var callback = await scenario.Provider.AuthorizeAsync(start.AuthorizeUrl);

        await Assert.ThrowsAsync<OAuthFlowException>(() => link.CompleteWebFlowAsync(callback with { State = "forged-" + callback.State }));
        await Assert.ThrowsAsync<OAuthFlowException>(() => link.CompleteWebFlowAsync(callback));

        await AssertNothingStoredAsync(scenario, link);
    }

    [Fact]
    public async Task A_state_that_was_used_is_refused()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var silo = await scenario.StartSiloAsync();
        var link = silo.Link(await silo.CreateUserAsync("alice"), scenario.Provider.ProviderId);
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(scenario.Provider.CallbackUrl, "/"));
        var callback = await scenario.Provider.AuthorizeAsync(start.AuthorizeUrl);
        await link.CompleteWebFlowAsync(callback);
        var token = await link.GetTokenAsync();

        await Assert.ThrowsAsync<OAuthFlowException>(() => link.CompleteWebFlowAsync(callback));

        Assert.Equal(token.AccessToken, (await link.GetTokenAsync()).AccessToken);
        Assert.Equal(1, await scenario.TokenEndpointCallsAsync());
    }

    [Fact]
    public async Task A_state_older_than_ten_minutes_is_refused()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var time = new AdjustableTime();
        var silo = await scenario.StartSiloAsync(time);
        var link = silo.Link(await silo.CreateUserAsync("alice"), scenario.Provider.ProviderId);
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(scenario.Provider.CallbackUrl, "/"));
        var callback = await scenario.Provider.AuthorizeAsync(start.AuthorizeUrl);

        time.Offset = TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5);
        var error = await Assert.ThrowsAsync<OAuthFlowException>(() => link.CompleteWebFlowAsync(callback));

        Assert.Contains("10 minutes", error.Message);
        await AssertNothingStoredAsync(scenario, link);
    }

    [Fact]
    public async Task A_state_from_another_users_flow_is_refused()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var silo = await scenario.StartSiloAsync();
        var alice = silo.Link(await silo.CreateUserAsync("alice"), scenario.Provider.ProviderId);
        var mallory = silo.Link(await silo.CreateUserAsync("mallory"), scenario.Provider.ProviderId);
        await mallory.BeginWebFlowAsync(new BeginWebFlowRequest(scenario.Provider.CallbackUrl, "/"));
        var start = await alice.BeginWebFlowAsync(new BeginWebFlowRequest(scenario.Provider.CallbackUrl, "/"));
        var alicesCallback = await scenario.Provider.AuthorizeAsync(start.AuthorizeUrl);

        await Assert.ThrowsAsync<OAuthFlowException>(() => mallory.CompleteWebFlowAsync(alicesCallback));

        Assert.False((await mallory.GetStatusAsync(refresh: false)).Linked);
        Assert.Equal(0, await scenario.TokenEndpointCallsAsync());
    }

    [Fact]
    public async Task A_refusal_at_the_provider_ends_the_flow_and_stores_nothing()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new InstanceSettingsDto(AutoApprove: ""));
        var silo = await scenario.StartSiloAsync();
        var link = silo.Link(await silo.CreateUserAsync("alice"), scenario.Provider.ProviderId);
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(scenario.Provider.CallbackUrl, "/"));

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var denied = await browser.PostAsync(start.AuthorizeUrl, new FormUrlEncodedContent([new("decision", "deny")]));
        var query = System.Web.HttpUtility.ParseQueryString(denied.Headers.Location!.Query);
        var callback = new WebFlowCallback(query["state"]!, query["code"], query["error"], query["error_description"]);

        var error = await Assert.ThrowsAsync<OAuthFlowException>(() => link.CompleteWebFlowAsync(callback));

        Assert.Contains("access_denied", error.Message);
        await AssertNothingStoredAsync(scenario, link);
    }

    private static async Task AssertNothingStoredAsync(LinkScenario scenario, IGitLinkGrain link)
    {
        Assert.False((await link.GetStatusAsync(refresh: false)).Linked);
        Assert.Equal(TokenOutcome.NotLinked, (await link.GetTokenAsync()).Outcome);
        Assert.Equal(0, await scenario.TokenEndpointCallsAsync());
        Assert.DoesNotContain(await scenario.Store.ReadStateRowsAsync(), r => r.StateName == "link");
    }
}
