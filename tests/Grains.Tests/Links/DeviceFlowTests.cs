using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>RFC 8628 device flow through the link: slow_down grows the interval, expiry and denial end the attempt.</summary>
public sealed class DeviceFlowTests
{
    private static async Task<LinkScenario> DeviceScenarioAsync()
    {
        var scenario = await LinkScenario.CreateAsync("gitlab");
        scenario.Set("GitIntegration:Providers:0:DeviceFlow", "true");
        await scenario.StartSiloAsync();
        return scenario;
    }

    [Fact]
    public async Task Slow_down_adds_five_seconds_to_the_interval_and_approval_links_the_account()
    {
        await using var scenario = await DeviceScenarioAsync();
        var userId = await scenario.Silo!.CreateUserAsync("dave");
        var link = scenario.Silo.Link(userId, scenario.Provider.ProviderId);

        var start = await link.StartDeviceFlowAsync();
        var pending = await link.PollDeviceFlowAsync(start.DeviceCode);
        var slower = await link.PollDeviceFlowAsync(start.DeviceCode); // too soon: the provider says slow_down
        var slowerStill = await link.PollDeviceFlowAsync(start.DeviceCode);

        Assert.Equal(5, start.Interval);
        Assert.Equal(new DevicePollResult(false, "authorization_pending", pending.ErrorDescription, 5), pending);
        Assert.Equal(("slow_down", 10), (slower.Error, slower.Interval));
        Assert.Equal(("slow_down", 15), (slowerStill.Error, slowerStill.Interval));
        Assert.False((await link.GetStatusAsync(refresh: false)).Linked);

        await scenario.Client.ApproveDeviceAsync(scenario.Provider.Instance, start.UserCode, ProviderSandbox.Login);
        var linked = await link.PollDeviceFlowAsync(start.DeviceCode);

        Assert.True(linked.Linked);
        var status = await link.GetStatusAsync(refresh: false);
        Assert.Equal(LinkMethod.DeviceFlow, status.Method);
        Assert.Equal(ProviderSandbox.Login, status.Account?.Login);
        Assert.Equal(TokenOutcome.Valid, (await link.GetTokenAsync()).Outcome);
        Assert.Contains(scenario.Provider.ProviderId, (await scenario.Silo.Grains.GetGrain<IUserGrain>(userId).GetAsync())!.LinkedProviders);
    }

    [Fact]
    public async Task An_expired_device_code_ends_the_attempt_cleanly()
    {
        await using var scenario = await DeviceScenarioAsync();
        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new InstanceSettingsDto(DeviceCodeLifetimeSeconds: 1));
        var link = scenario.Silo!.Link(await scenario.Silo.CreateUserAsync("erin"), scenario.Provider.ProviderId);
        var started = DateTimeOffset.UtcNow;
        var start = await link.StartDeviceFlowAsync();

        await LinkScenario.WaitUntilPastAsync(started.AddSeconds(start.ExpiresIn + 1));
        var expired = await link.PollDeviceFlowAsync(start.DeviceCode);
        var calls = await scenario.TokenEndpointCallsAsync();
        var again = await link.PollDeviceFlowAsync(start.DeviceCode);

        Assert.Equal("expired_token", expired.Error);
        Assert.False(expired.Linked);
        Assert.Equal("expired_token", again.Error);
        Assert.Equal(calls, await scenario.TokenEndpointCallsAsync());
        Assert.False((await link.GetStatusAsync(refresh: false)).Linked);
        Assert.DoesNotContain(await scenario.Store.ReadStateRowsAsync(), r => r.StateName == "link");
    }

    [Fact]
    public async Task A_denied_device_code_ends_the_attempt()
    {
        await using var scenario = await DeviceScenarioAsync();
        var link = scenario.Silo!.Link(await scenario.Silo.CreateUserAsync("frank"), scenario.Provider.ProviderId);
        var start = await link.StartDeviceFlowAsync();

        await scenario.Client.DenyDeviceAsync(scenario.Provider.Instance, start.UserCode);
        var denied = await link.PollDeviceFlowAsync(start.DeviceCode);

        Assert.Equal("access_denied", denied.Error);
        Assert.Equal("expired_token", (await link.PollDeviceFlowAsync(start.DeviceCode)).Error);
        Assert.False((await link.GetStatusAsync(refresh: false)).Linked);
    }

    [Fact]
    public async Task A_provider_without_device_flow_says_so()
    {
        await using var scenario = await LinkScenario.CreateAsync("bitbucket-cloud");
        var silo = await scenario.StartSiloAsync();
        var link = silo.Link(await silo.CreateUserAsync("gina"), scenario.Provider.ProviderId);

        await Assert.ThrowsAsync<ProviderFeatureException>(() => link.StartDeviceFlowAsync());
    }
}
