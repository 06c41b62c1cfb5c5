using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>What a link tells about the account (details, installations, repositories), periodic re-validation,
/// sign-in tokens, and unlinking when the provider misbehaves.</summary>
public sealed class LinkDetailsTests
{
    [Fact]
    public async Task Details_show_the_account_and_the_GitHub_App_installations()
    {
        await using var scenario = await LinkScenario.CreateAsync("github-app");
        scenario.Set("GitIntegration:Providers:0:AppInstallUrl", "https://github.example/apps/gitintegration/installations/new");
        await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        await scenario.Client.SeedInstallationAsync(scenario.Provider.Instance, ProviderSandbox.Login,
            new SeedInstallation(AccountLogin: ProviderSandbox.Login, ClientId: "client-" + scenario.Provider.ProviderId));

        var details = await scenario.Link.GetDetailsAsync();

        Assert.True(details.Status.Authenticated);
        Assert.Equal(ProviderSandbox.Login, details.Status.Account?.Login);
        Assert.Equal(ProviderSandbox.Email, details.Status.Account?.Email);
        Assert.True(details.AppInstallable);
        Assert.Equal("https://github.example/apps/gitintegration/installations/new", details.AppInstallUrl);
        var installation = Assert.Single(details.Installations);
        Assert.Equal(ProviderSandbox.Login, installation.Account.Login);
    }

    [Fact]
    public async Task Repositories_of_the_linked_account_are_listed()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        await scenario.Client.SeedRepositoriesAsync(scenario.Provider.Instance, ProviderSandbox.Login,
            [new SeedRepository("service"), new SeedRepository("website", Private: false)]);

        var repositories = await scenario.Link.ListRepositoriesAsync(null, 1);

        Assert.Equal(["octo/service", "octo/website"], repositories.Select(r => r.FullName).Order());
        Assert.Contains(repositories, r => r.FullName == "octo/service" && r.Private);
    }

    [Fact]
    public async Task The_periodic_revalidation_records_a_token_the_provider_no_longer_accepts()
    {
        await using var scenario = await LinkScenario.CreateAsync("github-classic", links: ("RevalidateInterval", "00:00:01"));
        await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        var token = await scenario.Link.GetTokenAsync();
        Assert.Equal(["revalidate"], await scenario.Store.ReadReminderNamesAsync(scenario.LinkKey));

        await scenario.Client.RevokeTokenAsync(token.AccessToken!);
        var status = await Eventually.MatchesAsync(() => scenario.Link.GetStatusAsync(refresh: false),
            s => s.ValidateError is not null, "the revalidation reminder notices the revoked token");

        Assert.False(status.Authenticated);
        Assert.Contains("401", status.ValidateError);
        Assert.Equal(TokenOutcome.ReauthenticationRequired, (await scenario.Link.GetTokenAsync()).Outcome);
        Assert.Empty(await scenario.Store.ReadReminderNamesAsync(scenario.LinkKey));
    }

    [Fact]
    public async Task Tokens_from_sign_in_are_kept_and_served()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var silo = await scenario.StartSiloAsync();
        var userId = await silo.CreateUserAsync("hana");
        var pat = await scenario.Client.IssuePersonalAccessTokenAsync(scenario.Provider.Instance, ProviderSandbox.Login);
        var link = silo.Link(userId, scenario.Provider.ProviderId);

        var status = await link.ImportTokensAsync(new ImportedTokens(pat.Token, null, null, "api",
            new ExternalAccount("1", ProviderSandbox.Login), LinkMethod.SignIn));

        Assert.True(status.Authenticated);
        Assert.Equal(LinkMethod.SignIn, status.Method);
        Assert.Equal(pat.Token, (await link.GetTokenAsync()).AccessToken);
        Assert.Contains(scenario.Provider.ProviderId, (await silo.Grains.GetGrain<IUserGrain>(userId).GetAsync())!.LinkedProviders);
    }

    [Fact]
    public async Task Unlinking_succeeds_locally_whatever_the_provider_answers()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        Assert.Equal(["refresh", "revalidate"], await scenario.Store.ReadReminderNamesAsync(scenario.LinkKey));
        await scenario.Client.AddFaultAsync(new FaultSpec(Instance: scenario.Provider.Instance, Endpoint: "revoke", Status: 500));
        await scenario.Client.AddFaultAsync(new FaultSpec(Instance: scenario.Provider.Instance, Endpoint: "keys_delete", Status: 500));

        var result = await scenario.Link.UnlinkAsync();

        Assert.False(result.TokenRevoked);
        Assert.Contains("500", result.TokenRevocationError);
        Assert.False(result.SshKeyRemoved);
        Assert.NotNull(result.SshKeyError);
        Assert.False((await scenario.Link.GetStatusAsync(refresh: false)).Linked);
        Assert.Empty(await scenario.Store.ReadReminderNamesAsync(scenario.LinkKey));
        Assert.DoesNotContain(await scenario.Store.ReadStateRowsAsync(), r => r.StateName == "link");
    }
}
