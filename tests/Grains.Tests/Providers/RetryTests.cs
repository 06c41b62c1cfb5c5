using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.TestSupport;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>
/// What the HTTP layer repeats. Reads (GET) are retried on transient failures with backoff and Retry-After. A
/// request that spends a single-use credential (refresh, code exchange, device poll) is repeated only when its
/// connection could not be opened: after a 5xx, a dropped answer or a timeout the provider may have acted on it,
/// so the refresh token is presented exactly once (counted by the emulator when it processes the grant).
/// </summary>
public sealed class RetryTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    public static TheoryData<string> RefreshKinds => new("gitlab", "generic", "github-app");

    [Theory]
    [MemberData(nameof(RefreshKinds))]
    public async Task A_refresh_the_provider_processed_then_answered_502_is_presented_once(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 502, count: 5, afterProcessing: true);

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(502, error.HttpStatus);
        Assert.Equal(1, await sandbox.PresentationsAsync(tokens.RefreshToken!));
        Assert.Equal(1 + 1, await sandbox.CallsAsync("token")); // the code exchange, then the refresh once
    }

    [Theory]
    [MemberData(nameof(RefreshKinds))]
    public async Task A_refresh_whose_connection_dropped_after_processing_is_presented_once(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 0, count: 5, afterProcessing: true, drop: true);

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(1, await sandbox.PresentationsAsync(tokens.RefreshToken!));
        Assert.Equal(1 + 1, await sandbox.CallsAsync("token"));
    }

    [Fact]
    public async Task A_refresh_that_times_out_is_not_sent_again()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 0, count: 5, timeout: true);

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(1 + 1, await sandbox.CallsAsync("token"));
    }

    [Fact]
    public async Task A_code_exchange_answered_503_is_not_sent_again()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "generic");
        var (callback, verifier, pending) = await sandbox.AuthorizeAsync();
        await sandbox.AddFaultAsync("token", 503, count: 5);

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.CompleteAuthorizeAsync(
            new AuthorizeCompletion(callback, sandbox.CallbackUrl, verifier, pending), CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(1, await sandbox.CallsAsync("token"));
    }

    [Fact]
    public async Task A_429_at_the_token_endpoint_goes_back_to_the_caller_with_its_retry_after()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("token", 429, count: 1, retryAfter: 1);

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(1 + 1, await sandbox.CallsAsync("token"));
    }

    [Fact]
    public async Task A_refresh_to_a_closed_port_is_retried_because_it_never_left()
    {
        var port = FreePort.Next();
        var adapter = fixture.CreateAdapter(new ProviderDefinition
        {
            Id = "closed", Type = "gitlab", ClientId = "c", ClientSecret = "s", AuthUrl = $"http://127.0.0.1:{port}/oauth/authorize",
        });

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() =>
            adapter.RefreshAsync(new TokenSet { AccessToken = "a", RefreshToken = "r" }, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(AdapterFixture.MaxRetries, fixture.Logs.Lines.Count(l => l.Contains($"POST 127.0.0.1:{port} ") && l.Contains("retrying")));
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

    [Theory]
    [InlineData("github-app")]
    [InlineData("gitlab")]
    public async Task A_read_answered_429_with_a_short_retry_after_is_waited_for(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("user", 429, count: 1, retryAfter: 1);

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Valid, result.Outcome);
        Assert.Equal(2, await sandbox.CallsAsync("user"));
    }

    [Theory]
    [InlineData("gitea")]
    [InlineData("github-oauth-app")]
    public async Task A_read_that_keeps_failing_is_tried_once_plus_the_retries_then_is_transient(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        var account = await sandbox.AccountAsync(tokens);
        await sandbox.AddFaultAsync("keys_list", 502, count: 50);

        var error = await Assert.ThrowsAsync<ProviderApiException>(() => sandbox.Adapter.ListSshKeysAsync(tokens, account, CancellationToken.None));

        Assert.True(error.Transient);
        Assert.Equal(502, error.HttpStatus);
        Assert.Equal(1 + AdapterFixture.MaxRetries, await sandbox.CallsAsync("keys_list"));
    }

    [Fact]
    public async Task A_hanging_read_times_out_and_is_retried()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var tokens = await sandbox.LinkByWebFlowAsync();
        await sandbox.AddFaultAsync("user", 0, count: 1, timeout: true);

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Valid, result.Outcome);
        Assert.Equal(2, await sandbox.CallsAsync("user"));
    }

    [Theory]
    [InlineData("gitea")]
    [InlineData("github-app")]
    public async Task Reads_are_retried_after_a_5xx(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
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
