using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>RFC 8628 against the providers that have it: pending, slow_down, approval, denial, expiry.</summary>
public sealed class DeviceFlowTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    public static TheoryData<string> DeviceKinds => new("github-app", "gitlab", "azure-devops-entra", "generic");

    [Theory]
    [MemberData(nameof(DeviceKinds))]
    public async Task A_device_code_is_pending_until_approved_then_yields_tokens(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind, deviceFlow: true);
        var adapter = sandbox.Adapter;

        var start = await adapter.StartDeviceFlowAsync(CancellationToken.None);
        var pending = await adapter.PollDeviceFlowAsync(start.DeviceCode, CancellationToken.None);
        await sandbox.Control.ApproveDeviceAsync(sandbox.Instance, start.UserCode, AdapterSandbox.Login);
        var linked = await adapter.PollDeviceFlowAsync(start.DeviceCode, CancellationToken.None);

        Assert.True(adapter.SupportsDeviceFlow);
        Assert.False(string.IsNullOrEmpty(start.UserCode));
        Assert.StartsWith(sandbox.Root, start.VerificationUri);
        Assert.True(start.ExpiresIn > 0);
        Assert.True(start.Interval > 0);
        Assert.Equal("authorization_pending", pending.Error);
        Assert.Null(pending.Tokens);
        Assert.Null(linked.Error);
        Assert.NotNull(linked.Tokens);
        Assert.Equal(ValidationOutcome.Valid, (await adapter.ValidateAsync(linked.Tokens, CancellationToken.None)).Outcome);
    }

    [Theory]
    [InlineData("github-app")]
    [InlineData("gitlab")]
    [InlineData("generic")]
    public async Task Polling_too_fast_earns_slow_down_and_five_more_seconds(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind, deviceFlow: true);
        var start = await sandbox.Adapter.StartDeviceFlowAsync(CancellationToken.None);

        await sandbox.Adapter.PollDeviceFlowAsync(start.DeviceCode, CancellationToken.None);
        var tooFast = await sandbox.Adapter.PollDeviceFlowAsync(start.DeviceCode, CancellationToken.None);

        Assert.Equal("slow_down", tooFast.Error);
        Assert.Equal(start.Interval + 5, tooFast.Interval);
    }

    [Theory]
    [InlineData("github-app")]
    [InlineData("gitlab")]
    [InlineData("azure-devops-entra")]
    public async Task A_denied_device_code_says_access_denied(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind, deviceFlow: true);
        var start = await sandbox.Adapter.StartDeviceFlowAsync(CancellationToken.None);

        await sandbox.Control.DenyDeviceAsync(sandbox.Instance, start.UserCode);
        var poll = await sandbox.Adapter.PollDeviceFlowAsync(start.DeviceCode, CancellationToken.None);

        Assert.Equal("access_denied", poll.Error);
        Assert.Null(poll.Tokens);
    }

    [Fact]
    public async Task An_expired_device_code_says_expired_token()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab", new InstanceSettingsDto(DeviceCodeLifetimeSeconds: 1), deviceFlow: true);
        var start = await sandbox.Adapter.StartDeviceFlowAsync(CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var poll = await sandbox.Adapter.PollDeviceFlowAsync(start.DeviceCode, CancellationToken.None);

        Assert.Equal("expired_token", poll.Error);
    }

    [Theory]
    [InlineData("gitea")]
    [InlineData("bitbucket-cloud")]
    [InlineData("bitbucket-server")]
    public async Task Providers_without_a_device_flow_refuse_to_start_one(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);

        Assert.False(sandbox.Adapter.SupportsDeviceFlow);
        await Assert.ThrowsAsync<ProviderFeatureException>(() => sandbox.Adapter.StartDeviceFlowAsync(CancellationToken.None));
    }
}
