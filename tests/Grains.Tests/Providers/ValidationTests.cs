using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>Coder's validation rules: 401 invalid; 403 with rate-limit headers and 429 still valid; plain 403 invalid;
/// 5xx unknown (the token is kept).</summary>
public sealed class ValidationTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    private async Task<(AdapterSandbox Sandbox, TokenSet Tokens)> LinkedAsync(string kind = "github-app")
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        return (sandbox, await sandbox.LinkByWebFlowAsync());
    }

    [Fact]
    public async Task A_revoked_token_is_invalid()
    {
        var (sandbox, tokens) = await LinkedAsync();
        await sandbox.Control.RevokeTokenAsync(tokens.AccessToken);

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Invalid, result.Outcome);
        Assert.False(result.TreatAsValid);
        Assert.DoesNotContain(tokens.AccessToken, result.Error);
    }

    [Fact]
    public async Task A_token_past_its_expiry_is_invalid_without_asking()
    {
        var (sandbox, tokens) = await LinkedAsync();

        var result = await sandbox.Adapter.ValidateAsync(tokens with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) }, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Invalid, result.Outcome);
        Assert.Equal(0, await sandbox.CallsAsync("user"));
    }

    [Fact]
    public async Task A_403_with_an_exhausted_rate_limit_is_rate_limited_and_still_valid()
    {
        var (sandbox, tokens) = await LinkedAsync();
        await sandbox.AddFaultAsync("user", 403, count: 1, rateLimitHeaders: true);

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.RateLimited, result.Outcome);
        Assert.True(result.TreatAsValid);
        Assert.NotNull(result.RetryAfter);
        Assert.Equal(1, await sandbox.CallsAsync("user"));
    }

    [Fact]
    public async Task A_plain_403_is_invalid()
    {
        var (sandbox, tokens) = await LinkedAsync();
        await sandbox.AddFaultAsync("user", 403, count: 1);

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Invalid, result.Outcome);
    }

    [Theory]
    [InlineData("github-app")]
    [InlineData("gitlab")]
    public async Task A_429_longer_than_the_retry_budget_is_rate_limited_at_once(string kind)
    {
        var (sandbox, tokens) = await LinkedAsync(kind);
        await sandbox.AddFaultAsync("user", 429, count: 1, retryAfter: 120);

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
        Assert.Equal(1, await sandbox.CallsAsync("user"));
    }

    [Fact]
    public async Task A_provider_answering_503_is_unavailable_not_invalid()
    {
        var (sandbox, tokens) = await LinkedAsync("gitlab");
        await sandbox.AddFaultAsync("user", 503, count: 20);

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Unavailable, result.Outcome);
        Assert.False(result.TreatAsValid);
        Assert.True(await sandbox.CallsAsync("user") > 1);
    }

    [Fact]
    public async Task A_generic_provider_without_validate_url_treats_tokens_as_valid()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "generic", configure: d => d with { ValidateUrl = null });
        var tokens = await sandbox.LinkByWebFlowAsync();

        var result = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(ValidationOutcome.Valid, result.Outcome);
        Assert.Null(result.Account);
        Assert.Equal(0, await sandbox.CallsAsync("userinfo"));
    }

    [Fact]
    public async Task Bitbucket_server_reads_the_user_from_x_ausername()
    {
        var (sandbox, tokens) = await LinkedAsync("bitbucket-server");

        var account = await sandbox.AccountAsync(tokens);

        Assert.Equal("octo", account.Login);
        Assert.Equal("Octo Cat", account.Name);
        Assert.Equal(1, await sandbox.CallsAsync("inbox_count"));
        Assert.Equal(1, await sandbox.CallsAsync("users"));
    }
}
