using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>Transient failures are retried with backoff inside a small budget; permanent ones never are.</summary>
public sealed class RetryTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    [Fact]
    public async Task Two_503s_then_success_is_one_successful_refresh()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 503, count: 2);

        var refreshed = await sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None);

        Assert.True(await sandbox.IsActiveAsync(refreshed.AccessToken));
        Assert.Equal(1 + 3, await sandbox.CallsAsync("token")); // the code exchange, then 503, 503, success
        var presented = (await sandbox.Control.GetCountersAsync()).RefreshTokens;
        Assert.Equal(1, Assert.Single(presented, r => r.Instance == sandbox.Instance).Presented);
    }

    [Fact]
    public async Task A_permanent_refusal_is_sent_once()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var tokens = await sandbox.LinkByWebFlowAsync();

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() =>
            sandbox.Adapter.RefreshAsync(tokens with { RefreshToken = "not-a-refresh-token" }, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal(1 + 1, await sandbox.CallsAsync("token")); // the code exchange, then the refusal
    }

    [Fact]
    public async Task A_429_with_a_short_retry_after_is_waited_for()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "github-app");
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 429, count: 1, retryAfter: 1);

        var refreshed = await sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None);

        Assert.NotEqual(tokens.AccessToken, refreshed.AccessToken);
        Assert.Equal(1 + 2, await sandbox.CallsAsync("token"));
    }

    [Fact]
    public async Task Persistent_5xx_is_a_transient_error_after_the_budget()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitea");
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 502, count: 50);

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(502, error.HttpStatus);
        Assert.InRange(await sandbox.CallsAsync("token") - 1, 2, 4);
    }

    [Fact]
    public async Task A_hanging_attempt_times_out_and_is_retried()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("user", 0, count: 1, timeout: true);

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Valid, result.Outcome);
        Assert.Equal(2, await sandbox.CallsAsync("user"));
    }

    [Fact]
    public async Task Api_calls_are_retried_too()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitea");
        var tokens = await sandbox.LinkByWebFlowAsync();
        var account = await sandbox.AccountAsync(tokens);
        await sandbox.AddFaultAsync("keys_list", 500, count: 1);

        var keys = await sandbox.Adapter.ListSshKeysAsync(tokens, account, CancellationToken.None);

        Assert.Empty(keys);
        Assert.Equal(2, await sandbox.CallsAsync("keys_list"));
    }

    [Fact]
    public async Task An_unreachable_provider_is_transient_and_unavailable()
    {
        var adapter = fixture.CreateAdapter(new ProviderDefinition
        {
            Id = "nowhere", Type = "gitlab", ClientId = "c", ClientSecret = "s", AuthUrl = "http://127.0.0.1:1/oauth/authorize",
        });
        var tokens = new TokenSet { AccessToken = "a", RefreshToken = "r" };

        var refresh = await Assert.ThrowsAsync<ProviderTokenException>(() => adapter.RefreshAsync(tokens, CancellationToken.None));
        var validation = await adapter.ValidateAsync(tokens, CancellationToken.None);
        var revocation = await adapter.RevokeAsync(tokens, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.Transient, refresh.Kind);
        Assert.Equal(ValidationOutcome.Unavailable, validation.Outcome);
        Assert.False(revocation.Revoked);
        Assert.NotNull(revocation.Error);
    }
}
