using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>Quirks that belong to one provider.</summary>
public sealed class ProviderSpecificsTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    [Fact]
    public async Task Bitbucket_server_oauth1_signs_every_leg_and_carries_the_state_in_the_callback()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "bitbucket-server-oauth1");

        var start = await sandbox.Adapter.BeginAuthorizeAsync(new AuthorizeRequest("the-state", sandbox.CallbackUrl, null), CancellationToken.None);
        var callback = await sandbox.FollowAsync(start.Url);
        var tokens = await sandbox.Adapter.CompleteAuthorizeAsync(new AuthorizeCompletion(callback, sandbox.CallbackUrl, null, start.PendingSecret),
            CancellationToken.None);

        Assert.StartsWith(sandbox.Root + "/plugins/servlet/oauth/authorize?oauth_token=", start.Url);
        Assert.NotNull(start.PendingSecret);
        Assert.Equal("the-state", callback.State);
        Assert.Equal(TokenKind.OAuth1, tokens.Kind);
        Assert.NotNull(tokens.TokenSecret);
        Assert.False(sandbox.Adapter.SupportsRefresh);
        Assert.Equal(1, await sandbox.CallsAsync("oauth1_request_token"));
        Assert.Equal(1, await sandbox.CallsAsync("oauth1_access_token"));
        Assert.Equal("octo", (await sandbox.AccountAsync(tokens)).Login);
    }

    [Fact]
    public async Task Bitbucket_server_oauth1_with_an_unknown_consumer_is_refused_for_good()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "bitbucket-server-oauth1", configure: d => d with { ConsumerKey = "SomeoneElse" });

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() =>
            sandbox.Adapter.BeginAuthorizeAsync(new AuthorizeRequest("s", sandbox.CallbackUrl, null), CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("consumer_key_unknown", error.ErrorCode);
    }

    [Fact]
    public async Task Bitbucket_server_oauth1_refusal_at_the_callback_is_permanent()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "bitbucket-server-oauth1");
        var callback = new WebFlowCallback("s", null, null, null, new Dictionary<string, string> { ["oauth_token"] = "t", ["oauth_verifier"] = "denied" });

        var error = await Assert.ThrowsAsync<ProviderTokenException>(() => sandbox.Adapter.CompleteAuthorizeAsync(
            new AuthorizeCompletion(callback, sandbox.CallbackUrl, null, null), CancellationToken.None));

        Assert.Equal("access_denied", error.ErrorCode);
    }

    [Fact]
    public async Task Legacy_azure_devops_asks_for_an_assertion_without_pkce()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "azure-devops");

        var start = await sandbox.Adapter.BeginAuthorizeAsync(new AuthorizeRequest("s", sandbox.CallbackUrl, "challenge"), CancellationToken.None);
        var query = QueryHelpers.ParseQuery(new Uri(start.Url).Query);

        Assert.Equal("Assertion", query["response_type"]);
        Assert.Equal("s", query["state"]);
        Assert.Equal(sandbox.CallbackUrl, query["redirect_uri"]);
        Assert.Equal("vso.code_write vso.profile", query["scope"]);
        Assert.False(query.ContainsKey("code_challenge"));
        Assert.False(sandbox.Adapter.SupportsDeviceFlow);
        Assert.False(sandbox.Adapter.SupportsRevocation);
        Assert.False(sandbox.Adapter.SupportsSshKeys);
    }

    [Fact]
    public async Task Bitbucket_cloud_app_passwords_go_with_the_username()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "bitbucket-cloud");
        var pat = (await sandbox.Control.IssuePersonalAccessTokenAsync(sandbox.Instance, AdapterSandbox.Login)).Token;

        var withUser = await sandbox.Adapter.ValidateAsync(sandbox.Adapter.FromPersonalToken(new PersonalTokenRequest(pat, "octo")), CancellationToken.None);
        var wrongUser = await sandbox.Adapter.ValidateAsync(sandbox.Adapter.FromPersonalToken(new PersonalTokenRequest(pat, "mallory")), CancellationToken.None);

        Assert.Equal(ValidationOutcome.Valid, withUser.Outcome);
        Assert.Equal(ValidationOutcome.Invalid, wrongUser.Outcome);
    }

    [Fact]
    public async Task Github_reports_the_primary_verified_email()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "github-app");
        var tokens = await sandbox.LinkByWebFlowAsync();

        var account = await sandbox.AccountAsync(tokens);

        Assert.Equal("octo@example.test", account.Email);
        Assert.Equal("Octo Cat", account.Name);
        Assert.NotNull(account.AvatarUrl);
        Assert.NotNull(account.ProfileUrl);
    }

    [Fact]
    public async Task Github_app_tokens_expire_and_carry_the_refresh_token_lifetime()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "github-app");

        var tokens = await sandbox.LinkByWebFlowAsync();

        Assert.InRange(tokens.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(7.9), DateTimeOffset.UtcNow.AddHours(8.1));
        Assert.True(tokens.RefreshTokenExpiresAt > DateTimeOffset.UtcNow.AddDays(100));
    }

    [Fact]
    public async Task Personal_tokens_are_not_revoked_by_the_service()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var pat = (await sandbox.Control.IssuePersonalAccessTokenAsync(sandbox.Instance, AdapterSandbox.Login)).Token;

        var result = await sandbox.Adapter.RevokeAsync(sandbox.Adapter.FromPersonalToken(new PersonalTokenRequest(pat, null)), CancellationToken.None);

        Assert.False(result.Revoked);
        Assert.True(await sandbox.IsActiveAsync(pat));
        Assert.Equal(0, await sandbox.CallsAsync("revoke"));
    }
}
