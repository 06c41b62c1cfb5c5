using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>What every adapter does against its emulated provider: web flow, refresh with rotation, revocation.</summary>
public sealed class AdapterFlowTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    public static TheoryData<string> WebFlowKinds => new(
        "github-oauth-app", "github-app", "gitlab", "bitbucket-cloud", "bitbucket-server", "bitbucket-server-oauth1", "gitea",
        "azure-devops-entra", "generic");

    [Theory]
    [MemberData(nameof(WebFlowKinds))]
    public async Task The_web_flow_links_and_the_token_reads_the_account(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var adapter = sandbox.Adapter;

        var start = await adapter.BeginAuthorizeAsync(new AuthorizeRequest("st", sandbox.CallbackUrl, "challenge"), CancellationToken.None);
        var tokens = await sandbox.LinkByWebFlowAsync();
        var validation = await adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal(adapter.Config.UsePkce, start.Url.Contains("code_challenge=challenge") && start.Url.Contains("code_challenge_method=S256"));
        Assert.True(await sandbox.IsActiveAsync(tokens.AccessToken));
        Assert.Equal(ValidationOutcome.Valid, validation.Outcome);
        Assert.NotNull(validation.Account);
        Assert.Equal(kind == "azure-devops-entra" ? "octo@example.test" : AdapterSandbox.Login, validation.Account.Login);
        Assert.False(string.IsNullOrEmpty(validation.Account.Id));
        if (kind is not "generic")
            Assert.Equal("octo@example.test", validation.Account.Email);
        Assert.Equal(kind == "bitbucket-server-oauth1" ? TokenKind.OAuth1 : TokenKind.OAuth2, tokens.Kind);
        Assert.DoesNotContain(tokens.AccessToken, tokens.ToString());
    }

    [Fact]
    public async Task Pkce_is_checked_by_the_provider()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var (callback, _, _) = await sandbox.AuthorizeAsync();

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.CompleteAuthorizeAsync(
            new AuthorizeCompletion(callback, sandbox.CallbackUrl, "not-the-verifier-" + new string('x', 40), null), CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("invalid_grant", error.ErrorCode);
    }

    public static TheoryData<string, string, int> RotatingKinds => new()
    {
        { "github-app", "bad_refresh_token", 200 },
        { "gitlab", "invalid_grant", 400 },
        { "bitbucket-server", "invalid_grant", 400 },
        { "gitea", "unauthorized_client", 400 },
        { "generic", "invalid_grant", 400 },
    };

    [Theory]
    [MemberData(nameof(RotatingKinds))]
    public async Task Refresh_rotates_the_pair_and_a_spent_refresh_token_is_refused_for_good(string kind, string errorCode, int status)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind, new InstanceSettingsDto(InvalidateRefreshTokens: kind == "gitea" ? true : null));
        var first = await sandbox.LinkByWebFlowAsync();
        Assert.NotNull(first.RefreshToken);
        Assert.NotNull(first.ExpiresAt);

        var second = await sandbox.Adapter.RefreshAsync(first, CancellationToken.None);
        var reuse = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(first, CancellationToken.None));

        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.True(await sandbox.IsActiveAsync(second.AccessToken));
        Assert.Equal(ProviderErrorKind.Permanent, reuse.Kind);
        Assert.Equal(errorCode, reuse.ErrorCode);
        Assert.Equal(status, reuse.HttpStatus);
        Assert.DoesNotContain(first.RefreshToken!, reuse.Message);
        Assert.Equal(3, await sandbox.CallsAsync("token")); // code exchange, refresh, reuse: each sent once, nothing retried
    }

    [Fact]
    public async Task Bitbucket_cloud_refresh_tokens_die_after_their_grace_period()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "bitbucket-cloud", new InstanceSettingsDto(RefreshGraceSeconds: 1));
        var first = await sandbox.LinkByWebFlowAsync();

        var second = await sandbox.Adapter.RefreshAsync(first, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var reuse = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(first, CancellationToken.None));

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(ProviderErrorKind.Permanent, reuse.Kind);
        Assert.Equal("invalid_grant", reuse.ErrorCode);
    }

    [Fact]
    public async Task Entra_returns_a_new_refresh_token_and_keeps_the_old_one_working()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "azure-devops-entra");
        var first = await sandbox.LinkByWebFlowAsync();

        var second = await sandbox.Adapter.RefreshAsync(first, CancellationToken.None);
        var again = await sandbox.Adapter.RefreshAsync(first, CancellationToken.None);

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Contains("499b84ac-1321-427f-aa17-267ca6975798", second.Scopes);
        Assert.Equal(ValidationOutcome.Valid, (await sandbox.Adapter.ValidateAsync(again, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task A_made_up_refresh_token_is_refused_for_good_by_entra()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "azure-devops-entra");

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() =>
            sandbox.Adapter.RefreshAsync(new TokenSet { AccessToken = "a", RefreshToken = "made-up" }, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("invalid_grant", error.ErrorCode);
    }

    [Fact]
    public async Task Github_oauth_app_tokens_do_not_expire_and_cannot_be_refreshed()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "github-oauth-app");
        var tokens = await sandbox.LinkByWebFlowAsync();

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.RefreshAsync(tokens, CancellationToken.None));

        Assert.Null(tokens.ExpiresAt);
        Assert.Null(tokens.RefreshToken);
        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal(1, await sandbox.CallsAsync("token")); // no call was made for the refresh
    }

    [Theory]
    [InlineData("github-oauth-app", "grant_delete")]
    [InlineData("github-app", "grant_delete")]
    [InlineData("gitlab", "revoke")]
    [InlineData("generic", "revoke")]
    public async Task Revocation_kills_the_token_at_the_provider(string kind, string endpoint)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();

        var result = await sandbox.Adapter.RevokeAsync(tokens, CancellationToken.None);

        Assert.True(sandbox.Adapter.SupportsRevocation);
        Assert.Equal(new RevocationResult(true, null), result);
        Assert.False(await sandbox.IsActiveAsync(tokens.AccessToken));
        Assert.Equal(1, await sandbox.CallsAsync(endpoint));
        Assert.Equal(ValidationOutcome.Invalid, (await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None)).Outcome);
    }

    [Theory]
    [InlineData("bitbucket-cloud")]
    [InlineData("bitbucket-server")]
    [InlineData("gitea")]
    [InlineData("azure-devops-entra")]
    public async Task Providers_without_a_revocation_endpoint_revoke_nothing(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();

        var result = await sandbox.Adapter.RevokeAsync(tokens, CancellationToken.None);

        Assert.False(sandbox.Adapter.SupportsRevocation);
        Assert.Equal(new RevocationResult(false, null), result);
        Assert.True(await sandbox.IsActiveAsync(tokens.AccessToken));
    }

    [Fact]
    public async Task A_refused_authorization_is_a_permanent_error()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var callback = new WebFlowCallback("st", null, "access_denied", "The user said no.");

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() =>
            sandbox.Adapter.CompleteAuthorizeAsync(new AuthorizeCompletion(callback, sandbox.CallbackUrl, null, null), CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("access_denied", error.ErrorCode);
    }

    [Fact]
    public async Task Github_answers_a_bad_code_with_http_200_and_an_error()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "github-oauth-app");

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.CompleteAuthorizeAsync(
            new AuthorizeCompletion(new WebFlowCallback("st", "not-a-code", null, null), sandbox.CallbackUrl, null, null), CancellationToken.None));

        Assert.Equal(200, error.HttpStatus);
        Assert.Equal("bad_verification_code", error.ErrorCode);
        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
    }
}
