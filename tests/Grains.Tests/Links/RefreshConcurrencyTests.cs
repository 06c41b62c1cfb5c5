using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>A rotating refresh token is spent once: by concurrent callers, and across a crash right after a refresh.</summary>
public sealed class RefreshConcurrencyTests
{
    [Theory]
    [InlineData("gitlab")]
    [InlineData("github-app")]
    public async Task Five_hundred_callers_on_an_expired_link_share_one_refresh(string kind)
    {
        // A tiny margin keeps the reminder from refreshing before the silo stops; the next silo finds the link expired.
        await using var scenario = await LinkScenario.CreateAsync(kind, accessTokenSeconds: 6, links: ("RefreshMarginFraction", "0.01"));
        await scenario.StartSiloAsync();
        var linked = await scenario.LinkUserAsync();
        var first = await scenario.Link.GetTokenAsync();
        await scenario.StopSiloAsync();
        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new InstanceSettingsDto(AccessTokenLifetimeSeconds: 3600));
        await LinkScenario.WaitUntilPastAsync(linked.Status.ExpiresAt!.Value);
        Assert.Equal(0, (await scenario.RefreshesAsync()).Succeeded);

        await scenario.StartSiloAsync();
        var link = scenario.Link;
        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(() => link.GetTokenAsync())));

        Assert.All(results, r => Assert.Equal(TokenOutcome.Valid, r.Outcome));
        var token = Assert.Single(results.Select(r => r.AccessToken).Distinct());
        Assert.NotEqual(first.AccessToken, token);
        Assert.True((await scenario.Client.IntrospectAsync(token!)).Active);
        Assert.Equal(new RefreshOutcomeCount(scenario.Provider.Instance, 1, 0), await scenario.RefreshesAsync());
        var presented = Assert.Single(await scenario.RefreshTokenPresentationsAsync());
        Assert.Equal(1, presented.Presented);
    }
}
