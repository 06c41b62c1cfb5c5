using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.TestSupport;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>
/// Real duplicate activations: two Orleans clusters (different ClusterId, same ServiceId) over one PostgreSQL
/// database, each with an activation of the same expired link, hammered at once. Only the refresh claim in the
/// stored state keeps them from both spending the rotating refresh token.
/// </summary>
public sealed class DuplicateActivationTests
{
    [PostgresTheory]
    [InlineData("gitlab")]
    [InlineData("github-app")]
    public async Task Five_hundred_callers_across_two_clusters_spend_the_refresh_token_once(string kind)
    {
        // A tiny margin keeps the reminder from refreshing early; reminders stay off anyway, so only callers refresh.
        await using var scenario = await LinkScenario.CreateAsync(kind, accessTokenSeconds: 6, postgres: true, links: ("RefreshMarginFraction", "0.01"));
        var first = await scenario.StartSiloAsync(reminders: false);
        var linked = await scenario.LinkUserAsync();
        var old = await scenario.Link.GetTokenAsync();
        await using var second = await LinkSilo.StartAsync(scenario.Store, scenario.Keys, scenario.Settings, reminders: false);
        var inFirst = first.Link(scenario.UserId, scenario.Provider.ProviderId);
        var inSecond = second.Link(scenario.UserId, scenario.Provider.ProviderId);
        await inSecond.GetStatusAsync(refresh: false); // both clusters now hold an activation with the same stored pair
        await scenario.Client.UpdateSettingsAsync(scenario.Provider.Instance, new InstanceSettingsDto(AccessTokenLifetimeSeconds: 3600));
        await LinkScenario.WaitUntilPastAsync(linked.Status.ExpiresAt!.Value);

        var results = await Task.WhenAll(Enumerable.Range(0, 500)
            .Select(i => Task.Run(() => (i % 2 == 0 ? inFirst : inSecond).GetTokenAsync())));

        Assert.All(results, r => Assert.Equal(TokenOutcome.Valid, r.Outcome));
        var token = Assert.Single(results.Select(r => r.AccessToken).Distinct());
        Assert.NotEqual(old.AccessToken, token);
        Assert.True((await scenario.Client.IntrospectAsync(token!)).Active, "the token every caller got is not one the provider accepts");
        Assert.Equal(new RefreshOutcomeCount(scenario.Provider.Instance, 1, 0), await scenario.RefreshesAsync());
        var presented = Assert.Single(await scenario.RefreshTokenPresentationsAsync());
        Assert.Equal(1, presented.Presented);
    }
}
