using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>
/// RFC 6749 §2.3.1 and RFC 8628 §3.1: a confidential client authenticates at the device authorization endpoint
/// and the device token poll exactly as at the token endpoint, with the provider's ClientAuthMethod. The generic
/// emulator's app is registered with one method and refuses the other with invalid_client.
/// </summary>
public sealed class ClientAuthenticationTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    public static TheoryData<string> Methods => new("client_secret_basic", "client_secret_post");

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task The_device_flow_links_with_the_method_the_server_requires(string method)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "generic", deviceFlow: true, serverAuthMethod: method, clientAuthMethod: method);
        var adapter = sandbox.Adapter;

        var start = await adapter.StartDeviceFlowAsync(CancellationToken.None);
        await sandbox.Control.ApproveDeviceAsync(sandbox.Instance, start.UserCode, AdapterSandbox.Login);
        var poll = await adapter.PollDeviceFlowAsync(start.DeviceCode, CancellationToken.None);
        var refreshed = await adapter.RefreshAsync(poll.Tokens!, CancellationToken.None);
        var activeBeforeRevocation = await sandbox.IsActiveAsync(refreshed.AccessToken);
        var revoked = await adapter.RevokeAsync(refreshed, CancellationToken.None);

        Assert.Null(poll.Error);
        Assert.Equal(ValidationOutcome.Valid, (await adapter.ValidateAsync(poll.Tokens!, CancellationToken.None)).Outcome);
        Assert.True(activeBeforeRevocation);
        Assert.Equal(new RevocationResult(true, null), revoked);
        Assert.False(await sandbox.IsActiveAsync(refreshed.AccessToken));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task The_web_flow_links_with_the_method_the_server_requires(string method)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "generic", serverAuthMethod: method, clientAuthMethod: method);

        var tokens = await sandbox.LinkByWebFlowAsync();

        Assert.True(await sandbox.IsActiveAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task A_generic_provider_uses_client_secret_basic_unless_told_otherwise()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "generic", deviceFlow: true, serverAuthMethod: "client_secret_basic");

        var start = await sandbox.Adapter.StartDeviceFlowAsync(CancellationToken.None);

        Assert.Equal(ClientAuthMethod.ClientSecretBasic, sandbox.Adapter.Config.ClientAuthMethod);
        Assert.False(string.IsNullOrEmpty(start.DeviceCode));
    }

    [Theory]
    [InlineData("client_secret_basic", "client_secret_post")]
    [InlineData("client_secret_post", "client_secret_basic")]
    public async Task The_other_method_is_refused_with_invalid_client_at_every_endpoint(string server, string client)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "generic", deviceFlow: true, serverAuthMethod: server, clientAuthMethod: client);

        var start = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.StartDeviceFlowAsync(CancellationToken.None));
        var poll = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.PollDeviceFlowAsync("any-device-code", CancellationToken.None));
        var refresh = await Assert.ThrowsAsync<ProviderTokenException>(() =>
            sandbox.Adapter.RefreshAsync(new TokenSet { AccessToken = "a", RefreshToken = "r" }, CancellationToken.None));

        foreach (var error in new[] { start, poll, refresh })
        {
            Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
            Assert.Equal("invalid_client", error.ErrorCode);
            Assert.Contains("invalid_client", error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task A_wrong_secret_is_invalid_client_when_starting_the_device_flow(string method)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "generic", deviceFlow: true, serverAuthMethod: method, clientAuthMethod: method,
            configure: d => d with { ClientSecret = "not-the-secret" });

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.StartDeviceFlowAsync(CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Equal(401, error.HttpStatus);
        Assert.DoesNotContain("not-the-secret", error.Message);
    }

    [Fact]
    public async Task Bitbucket_cloud_authenticates_with_basic_by_default()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "bitbucket-cloud", serverAuthMethod: "client_secret_basic");

        var tokens = await sandbox.LinkByWebFlowAsync();
        var refreshed = await sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None);

        Assert.True(await sandbox.IsActiveAsync(refreshed.AccessToken));
    }

    [Fact]
    public async Task Gitlab_authenticates_in_the_body_by_default()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab", deviceFlow: true, serverAuthMethod: "client_secret_post");

        var tokens = await sandbox.LinkByWebFlowAsync();
        var start = await sandbox.Adapter.StartDeviceFlowAsync(CancellationToken.None);

        Assert.True(await sandbox.IsActiveAsync(tokens.AccessToken));
        Assert.False(string.IsNullOrEmpty(start.UserCode));
    }
}
