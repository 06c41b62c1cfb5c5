using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>
/// Two silos (two Orleans clusters, one ServiceId) on one store, each with an activation of the same link (what a
/// membership change can briefly produce): the one that refreshes second loses its claim write, reads the stored
/// state and adopts the winner's pair without presenting the spent refresh token at all, instead of asking the user
/// to link again (Coder #17069); a write from a stale activation is re-applied on top of what is stored.
/// </summary>
public sealed class TwoActivationsTests
{
    [Fact]
    public async Task The_loser_of_a_refresh_race_adopts_the_stored_pair()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab", accessTokenSeconds: 4);
        // Reminders stay off, so the test alone decides which activation refreshes when.
        var first = await scenario.StartSiloAsync(reminders: false);
        var linked = await scenario.LinkUserAsync();
        await using var second = await LinkSilo.StartAsync(scenario.Store, scenario.Keys, scenario.Settings, reminders: false);
        var inFirst = first.Link(scenario.UserId, scenario.Provider.ProviderId);
        var inSecond = second.Link(scenario.UserId, scenario.Provider.ProviderId);
        var old = await inSecond.GetTokenAsync(); // activates the link in the second silo with the first pair
        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new() { AccessTokenLifetimeSeconds = 3600 });
        await LinkScenario.WaitUntilPastAsync(linked.Status.ExpiresAt!.Value);

        var fromFirst = await inFirst.GetTokenAsync();
        var fromSecond = await inSecond.GetTokenAsync();

        Assert.Equal(TokenOutcome.Valid, fromFirst.Outcome);
        Assert.Equal(TokenOutcome.Valid, fromSecond.Outcome);
        Assert.Equal(fromFirst.AccessToken, fromSecond.AccessToken);
        Assert.NotEqual(old.AccessToken, fromFirst.AccessToken);
        Assert.False((await inFirst.GetStatusAsync(refresh: false)).NeedsReauthentication);
        Assert.False((await inSecond.GetStatusAsync(refresh: false)).NeedsReauthentication);
        Assert.Equal(new ProviderEmulator.Control.RefreshOutcomeCount(scenario.Provider.Instance, 1, 0), await scenario.RefreshesAsync());
        Assert.All(await scenario.RefreshTokenPresentationsAsync(), t => Assert.Equal(1, t.Presented));
    }

    [Fact]
    public async Task A_change_from_a_stale_activation_is_applied_on_top_of_the_stored_state()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab", accessTokenSeconds: 4);
        // Reminders stay off, so the test alone decides which activation refreshes when.
        var first = await scenario.StartSiloAsync(reminders: false);
        var linked = await scenario.LinkUserAsync();
        await using var second = await LinkSilo.StartAsync(scenario.Store, scenario.Keys, scenario.Settings, reminders: false);
        var inFirst = first.Link(scenario.UserId, scenario.Provider.ProviderId);
        var inSecond = second.Link(scenario.UserId, scenario.Provider.ProviderId);
        await inSecond.GetStatusAsync(refresh: false);
        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new() { AccessTokenLifetimeSeconds = 3600 });
        await LinkScenario.WaitUntilPastAsync(linked.Status.ExpiresAt!.Value);
        var rotated = await inFirst.GetTokenAsync();

        await inSecond.ReportRejectedAsync(null); // written with a stale ETag: re-read, then applied again
        var afterCheck = await inSecond.GetTokenAsync();

        Assert.Equal(TokenOutcome.Valid, afterCheck.Outcome);
        Assert.Equal(rotated.AccessToken, afterCheck.AccessToken);
        Assert.Equal(1, (await scenario.RefreshesAsync()).Succeeded);
        Assert.Equal(0, (await scenario.RefreshesAsync()).Failed);
    }
}
