using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>What a link does when refreshing fails: transient outages are ridden out, permanent refusals stop all traffic.</summary>
public sealed class RefreshFailureTests
{
    [Fact]
    public async Task A_provider_outage_serves_the_old_token_while_valid_then_reports_unavailable_and_recovers()
    {
        // Due for refresh after 4 of its 20 seconds, so the outage starts long before the token expires.
        await using var scenario = await LinkScenario.CreateAsync("gitlab", accessTokenSeconds: 20,
            links: [("RefreshMarginFraction", "0.8"), ("RetryInitialBackoff", "00:00:01"), ("RetryMaxBackoff", "00:00:02")]);
        await scenario.StartSiloAsync();
        var linked = await scenario.LinkUserAsync();
        var old = await scenario.Link.GetTokenAsync();
        var outage = await scenario.Client.AddFaultAsync(new FaultSpec(Instance: scenario.Provider.Instance, Endpoint: "token", Status: 503));

        await Eventually.TrueAsync(async () => (await scenario.Client.GetFaultsAsync()).Single().Hits > 0, "a refresh attempt meets the outage");
        var during = await scenario.Link.GetTokenAsync();

        Assert.True(DateTimeOffset.UtcNow < linked.Status.ExpiresAt, "the test machine is too slow for this scenario");
        Assert.Equal(TokenOutcome.Valid, during.Outcome);
        Assert.Equal(old.AccessToken, during.AccessToken);

        var unavailable = await Eventually.MatchesAsync(() => scenario.Link.GetTokenAsync(),
            t => t.Outcome != TokenOutcome.Valid, "the old token expires during the outage");

        Assert.Equal(TokenOutcome.TemporarilyUnavailable, unavailable.Outcome);
        Assert.NotNull(unavailable.RetryAfter);
        Assert.Null(unavailable.AccessToken);
        var status = await scenario.Link.GetStatusAsync(refresh: true);
        Assert.True(status.Linked);
        Assert.False(status.NeedsReauthentication);
        Assert.True(status.HasRefreshToken);
        Assert.False(status.Authenticated);
        Assert.Contains("503", status.ValidateError);
        Assert.Equal(0, (await scenario.RefreshesAsync()).Failed); // nothing was refused: the requests never got through

        await scenario.Client.RemoveFaultAsync(outage.Id);
        var recovered = await Eventually.MatchesAsync(() => scenario.Link.GetTokenAsync(),
            t => t.Outcome == TokenOutcome.Valid, "the link refreshes once the provider is back");

        Assert.NotEqual(old.AccessToken, recovered.AccessToken);
        Assert.True((await scenario.Client.IntrospectAsync(recovered.AccessToken!)).Active);
        Assert.Equal(1, (await scenario.RefreshesAsync()).Succeeded);
        Assert.True((await scenario.Link.GetStatusAsync(refresh: false)).Authenticated);
    }

    [Theory]
    [InlineData("gitlab", "invalid_grant")]
    [InlineData("github-app", "bad_refresh_token")]
    public async Task A_refused_refresh_token_asks_for_re_authentication_and_nothing_reaches_the_provider_again(string kind, string error)
    {
        // The refresh token itself lives one second, so the first refresh is refused for good.
        await using var scenario = await LinkScenario.CreateAsync(kind, accessTokenSeconds: 4);
        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new InstanceSettingsDto(RefreshTokenLifetimeSeconds: 1));
        await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();

        var status = await Eventually.MatchesAsync(() => scenario.Link.GetStatusAsync(refresh: false),
            s => s.NeedsReauthentication, "the scheduled refresh is refused");

        Assert.Contains(error, status.ReauthenticationReason);
        Assert.Equal(status.ReauthenticationReason, status.ValidateError);
        Assert.False(status.HasRefreshToken);
        Assert.False(status.Authenticated);
        Assert.True(status.Linked);
        Assert.Empty(await scenario.Store.ReadReminderNamesAsync(scenario.LinkKey));
        var token = await scenario.Link.GetTokenAsync();
        Assert.Equal(TokenOutcome.ReauthenticationRequired, token.Outcome);
        Assert.Contains(error, token.Error);
        var calls = await scenario.TokenEndpointCallsAsync();
        var refused = (await scenario.RefreshesAsync()).Failed;
        Assert.Equal(1, refused);

        for (var i = 0; i < 20; i++)
            Assert.Equal(TokenOutcome.ReauthenticationRequired, (await scenario.Link.GetTokenAsync()).Outcome);
        await scenario.Link.GetStatusAsync(refresh: true);
        await scenario.Link.ValidateAsync();
        await scenario.StartSiloAsync(); // a restart does not bring the attempts back

        Assert.Equal(TokenOutcome.ReauthenticationRequired, (await scenario.Link.GetTokenAsync()).Outcome);
        Assert.Equal(calls, await scenario.TokenEndpointCallsAsync());
        Assert.Equal(refused, (await scenario.RefreshesAsync()).Failed);
        Assert.All(await scenario.RefreshTokenPresentationsAsync(), r => Assert.Equal(1, r.Presented));

        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new InstanceSettingsDto(AccessTokenLifetimeSeconds: 3600, RefreshTokenLifetimeSeconds: 0));
        var relinked = await scenario.Provider.LinkByWebFlowAsync(scenario.Link);
        Assert.True(relinked.Status.Authenticated);
        Assert.False(relinked.Status.NeedsReauthentication);
        Assert.Equal(TokenOutcome.Valid, (await scenario.Link.GetTokenAsync()).Outcome);
    }

    [Fact]
    public async Task With_NoRefresh_an_expired_token_asks_for_re_authentication_without_calling_the_provider()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab", accessTokenSeconds: 2);
        scenario.Set("GitIntegration:Providers:0:NoRefresh", "true");
        await scenario.StartSiloAsync();
        var linked = await scenario.LinkUserAsync();
        Assert.Equal(TokenOutcome.Valid, (await scenario.Link.GetTokenAsync()).Outcome);

        await LinkScenario.WaitUntilPastAsync(linked.Status.ExpiresAt!.Value);
        var token = await scenario.Link.GetTokenAsync();

        Assert.Equal(TokenOutcome.ReauthenticationRequired, token.Outcome);
        Assert.Contains("refreshing is disabled", token.Error);
        Assert.Equal(0, (await scenario.RefreshesAsync()).Succeeded + (await scenario.RefreshesAsync()).Failed);
        Assert.Empty(await scenario.RefreshTokenPresentationsAsync());
    }

    [Fact]
    public async Task A_token_without_expiry_is_never_refreshed()
    {
        await using var scenario = await LinkScenario.CreateAsync("github-classic");
        await scenario.StartSiloAsync();
        var linked = await scenario.LinkUserAsync();

        Assert.Null(linked.Status.ExpiresAt);
        Assert.False(linked.Status.HasRefreshToken);
        var token = await scenario.Link.GetTokenAsync();
        Assert.Equal(TokenOutcome.Valid, token.Outcome);
        Assert.Null(token.ExpiresAt);
        Assert.Equal(["revalidate"], await scenario.Store.ReadReminderNamesAsync(scenario.LinkKey));
        Assert.Equal(1, await scenario.TokenEndpointCallsAsync()); // the code exchange, nothing else
    }

    [Fact]
    public async Task A_token_git_rejected_is_validated_before_it_is_handed_out_again()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        var revoked = await scenario.Link.GetTokenAsync();
        await scenario.Client.RevokeTokenAsync(revoked.AccessToken!);

        await scenario.Link.ReportRejectedAsync(revoked.GitPassword);
        var replaced = await scenario.Link.GetTokenAsync();

        // The provider said 401, so the link refreshed instead of handing out the dead token.
        Assert.Equal(TokenOutcome.Valid, replaced.Outcome);
        Assert.NotEqual(revoked.AccessToken, replaced.AccessToken);
        Assert.True((await scenario.Client.IntrospectAsync(replaced.AccessToken!)).Active);

        // Rate limited (429) counts as still valid: the token is served without a refresh.
        var refreshes = (await scenario.RefreshesAsync()).Succeeded;
        await scenario.Client.AddFaultAsync(new FaultSpec(Instance: scenario.Provider.Instance, Endpoint: "user", Status: 429, RetryAfter: 30));
        await scenario.Link.ReportRejectedAsync(replaced.GitPassword);
        var limited = await scenario.Link.GetTokenAsync();
        Assert.Equal(replaced.AccessToken, limited.AccessToken);
        Assert.Equal(refreshes, (await scenario.RefreshesAsync()).Succeeded);

        // A report about a token that was already replaced changes nothing and asks the provider nothing.
        await scenario.Client.ClearFaultsAsync();
        var validations = await scenario.Client.GetEndpointCallsAsync(scenario.Provider.Instance, "user");
        await scenario.Link.ReportRejectedAsync(revoked.GitPassword);
        Assert.Equal(replaced.AccessToken, (await scenario.Link.GetTokenAsync()).AccessToken);
        Assert.Equal(validations, await scenario.Client.GetEndpointCallsAsync(scenario.Provider.Instance, "user"));
    }

    [Fact]
    public async Task A_rejected_personal_token_that_the_provider_refuses_asks_for_re_authentication()
    {
        await using var scenario = await LinkScenario.CreateAsync("github-classic");
        await scenario.StartSiloAsync();
        var userId = await scenario.Silo!.CreateUserAsync("carol");
        var link = scenario.Silo.Link(userId, scenario.Provider.ProviderId);
        var pat = await scenario.Client.IssuePersonalAccessTokenAsync(scenario.Provider.Instance, ProviderSandbox.Login);
        await link.SetPersonalTokenAsync(new PersonalTokenRequest(pat.Token, null));
        await scenario.Client.RevokeTokenAsync(pat.Token);

        await link.ReportRejectedAsync(pat.Token);
        var token = await link.GetTokenAsync();

        Assert.Equal(TokenOutcome.ReauthenticationRequired, token.Outcome);
        Assert.Contains("no longer accepts", token.Error);
        Assert.True((await link.GetStatusAsync(refresh: false)).NeedsReauthentication);
    }
}
