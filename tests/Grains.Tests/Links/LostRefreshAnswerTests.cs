using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>
/// A refresh whose answer is lost after the provider rotated the pair (the emulator processes the refresh, then
/// answers 502 or drops the connection). GitLab kills the old pair when it rotates, so the link cannot recover the
/// new pair; what matters is that nobody presents the spent token again while the claim stands (the HTTP layer
/// included), that the token in hand keeps being served meanwhile, and that after the claim's deadline the link
/// ends with a reason the user can read: without presenting the token again when the provider's refusal of the old
/// access token shows it rotated, or after one more presentation when nothing can tell.
/// </summary>
public sealed class LostRefreshAnswerTests
{
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_lost_answer_keeps_the_claim_and_a_rotation_seen_at_the_provider_ends_it_without_presenting_again(bool dropConnection)
    {
        var time = new AdjustableTime();
        await using var scenario = await LinkScenario.CreateAsync("gitlab", accessTokenSeconds: 400,
            links: [("RefreshMarginFraction", "0.9"), ("ProviderCallTimeout", "00:00:05"), ("RefreshClaimLifetime", ClaimLifetime.ToString())]);
        var first = await scenario.StartSiloAsync(time, reminders: false);
        var linked = await scenario.LinkUserAsync();
        var old = await scenario.Link.GetTokenAsync();
        // A second cluster on the same store: its activation must honour the claim too.
        await using var second = await LinkSilo.StartAsync(scenario.Store, scenario.Keys, scenario.Settings, time, reminders: false);
        var inFirst = scenario.Link;
        var inSecond = second.Link(scenario.UserId, scenario.Provider.ProviderId);
        await inSecond.GetStatusAsync(refresh: false);
        await scenario.Client.AddFaultAsync(new FaultSpec(Instance: scenario.Provider.Instance, Endpoint: "token", Status: 502, Count: 1,
            AfterProcessing: true, Drop: dropConnection));
        var tokenCallsBefore = await scenario.TokenEndpointCallsAsync();
        // Inside the refresh margin (5 minutes) but two minutes before expiry: the token in hand is still good.
        time.Offset = linked.Status.ExpiresAt!.Value - TimeSpan.FromMinutes(2) - DateTimeOffset.UtcNow;

        var afterLoss = await inFirst.GetTokenAsync();
        var meanwhile = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => (i % 2 == 0 ? inFirst : inSecond).GetTokenAsync())));

        Assert.Equal(TokenOutcome.Valid, afterLoss.Outcome);
        Assert.Equal(old.AccessToken, afterLoss.AccessToken);
        Assert.All(meanwhile, r => Assert.Equal(old.AccessToken, r.AccessToken));
        Assert.Equal(1, (await PresentedAsync(scenario)).Presented);
        Assert.Equal(tokenCallsBefore + 1, await scenario.TokenEndpointCallsAsync()); // nor did the HTTP layer send it again

        time.Offset += ClaimLifetime + TimeSpan.FromSeconds(1);
        var afterDeadline = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => (i % 2 == 0 ? inFirst : inSecond).GetTokenAsync())));

        // GitLab rotated on the lost attempt and killed the old access token with it, which the activations saw while
        // the claim stood: the link asks for re-authentication without presenting the spent token again. Meanwhile
        // (the old token has not expired by the clock) callers got the token in hand and nothing else.
        Assert.All(afterDeadline, r => Assert.True(r.Outcome == TokenOutcome.ReauthenticationRequired || r.AccessToken == old.AccessToken, $"{r}"));
        foreach (var link in new[] { inFirst, inSecond })
        {
            var after = await link.GetTokenAsync();
            Assert.Equal(TokenOutcome.ReauthenticationRequired, after.Outcome);
            Assert.Contains("replaced the tokens", after.Error);
            var status = await link.GetStatusAsync(refresh: true);
            Assert.True(status.NeedsReauthentication);
        }
        Assert.Equal(1, (await PresentedAsync(scenario)).Presented);
        Assert.Equal(tokenCallsBefore + 1, await scenario.TokenEndpointCallsAsync());
    }

    [Fact]
    public async Task After_a_lost_answer_a_provider_that_keeps_the_old_token_lets_the_link_refresh()
    {
        // Entra keeps the old tokens working after it rotates, so the old access token cannot tell whether the lost
        // attempt rotated: the refresh token is presented once more after the deadline, and that succeeds.
        var time = new AdjustableTime();
        await using var scenario = await LinkScenario.CreateAsync("azure-devops-entra", accessTokenSeconds: 400,
            links: [("RefreshMarginFraction", "0.9"), ("ProviderCallTimeout", "00:00:05"), ("RefreshClaimLifetime", ClaimLifetime.ToString())]);
        await scenario.StartSiloAsync(time, reminders: false);
        var linked = await scenario.LinkUserAsync();
        var old = await scenario.Link.GetTokenAsync();
        await scenario.Client.AddFaultAsync(new FaultSpec(Instance: scenario.Provider.Instance, Endpoint: "token", Status: 502, Count: 1, AfterProcessing: true));
        time.Offset = linked.Status.ExpiresAt!.Value - TimeSpan.FromMinutes(2) - DateTimeOffset.UtcNow;

        Assert.Equal(old.AccessToken, (await scenario.Link.GetTokenAsync()).AccessToken);
        time.Offset += ClaimLifetime + TimeSpan.FromSeconds(1);
        var refreshed = await scenario.Link.GetTokenAsync();

        Assert.Equal(TokenOutcome.Valid, refreshed.Outcome);
        Assert.NotEqual(old.AccessToken, refreshed.AccessToken);
        Assert.True((await scenario.Client.IntrospectAsync(refreshed.AccessToken!)).Active);
        Assert.False((await scenario.Link.GetStatusAsync(refresh: false)).NeedsReauthentication);
        Assert.Equal(2, (await PresentedAsync(scenario)).Presented);
    }

    private static async Task<RefreshTokenCount> PresentedAsync(LinkScenario scenario) =>
        Assert.Single(await scenario.RefreshTokenPresentationsAsync());
}
