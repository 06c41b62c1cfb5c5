using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Ssh;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>
/// Every provider type end to end over real HTTP against the emulator: link by web flow, refresh with rotation
/// ahead of expiry, validate, SSH key uploaded and removed, unlink with revocation; and a personal-token link.
/// </summary>
public sealed class LinkLifecycleTests
{
    public static TheoryData<string> Kinds => new(ProviderSandbox.Kinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_web_flow_link_refreshes_validates_syncs_its_ssh_key_and_unlinks(string kind)
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var provider = await ProviderSandbox.CreateAsync(emulator, kind, accessTokenSeconds: 5);
        using var store = await LinkStore.CreateAsync();
        await using var silo = await LinkSilo.StartAsync(store, [SecretKeyRing.GenerateKey()], ProviderSandbox.Configuration(provider));
        await provider.PrepareAsync(silo);
        var userId = await silo.CreateUserAsync("alice");
        var link = silo.Link(userId, provider.ProviderId);

        var linked = await provider.LinkByWebFlowAsync(link);

        Assert.True(linked.Status.Linked);
        Assert.True(linked.Status.Authenticated);
        Assert.Equal(LinkMethod.WebFlow, linked.Status.Method);
        Assert.Equal("/settings/git", linked.ReturnTo);
        Assert.Equal(provider.ExpectedLogin, linked.Status.Account?.Login);
        Assert.Contains(provider.ProviderId, (await silo.Grains.GetGrain<IUserGrain>(userId).GetAsync())!.LinkedProviders);
        var first = await link.GetTokenAsync();
        Assert.Equal(TokenOutcome.Valid, first.Outcome);
        Assert.True((await provider.Client.IntrospectAsync(first.AccessToken!)).Active);

        var current = first;
        if (provider.HasRefresh)
        {
            // Tokens issued from now on live an hour, so the one the reminder obtains stays.
            await provider.Client.UpdateSettingsAsync(provider.Instance, new InstanceSettingsDto(AccessTokenLifetimeSeconds: 3600));
            await Eventually.MatchesAsync(() => link.GetStatusAsync(refresh: false),
                s => s.ExpiresAt > linked.Status.ExpiresAt!.Value.AddMinutes(1), "the link refreshes on its own ahead of expiry");
            current = await link.GetTokenAsync();
            Assert.Equal(TokenOutcome.Valid, current.Outcome);
            Assert.NotEqual(first.AccessToken, current.AccessToken);
            Assert.True((await provider.Client.IntrospectAsync(current.AccessToken!)).Active);
            if (provider.RefreshKillsOldAccessToken && first.ExpiresAt == linked.Status.ExpiresAt)
                Assert.False((await provider.Client.IntrospectAsync(first.AccessToken!)).Active);
            var presented = (await provider.Client.GetCountersAsync()).RefreshTokens.Where(r => r.Instance == provider.Instance).ToList();
            Assert.NotEmpty(presented);
            Assert.All(presented, r => Assert.Equal(1, r.Presented)); // no refresh token was ever spent twice
        }

        var validated = await link.ValidateAsync();
        Assert.True(validated.Authenticated);
        Assert.Null(validated.ValidateError);

        var userKey = await silo.Grains.GetGrain<IUserGrain>(userId).GetSshKeyAsync();
        var ssh = await link.GetSshKeyStatusAsync();
        if (provider.HasSshKeyApi)
        {
            Assert.True(ssh.Synced, ssh.Error);
            Assert.Equal(userKey.Fingerprint, ssh.Fingerprint);
            var keys = await provider.Client.GetSshKeysAsync(provider.Instance, ProviderSandbox.Login);
            var uploaded = Assert.Single(keys);
            Assert.True(SshPublicKey.Parse(uploaded.Key).IsSameKeyAs(SshPublicKey.Parse(userKey.PublicKey)));
            Assert.Contains("GitIntegration", uploaded.Title);
        }
        else
        {
            Assert.True(ssh.Manual);
            Assert.Equal(userKey.PublicKey, ssh.PublicKey);
        }

        var unlinked = await link.UnlinkAsync();

        Assert.Equal(provider.HasRevocation, unlinked.TokenRevoked);
        Assert.Null(unlinked.TokenRevocationError);
        if (provider.HasRevocation)
            Assert.False((await provider.Client.IntrospectAsync(current.AccessToken!)).Active);
        if (provider.HasSshKeyApi)
        {
            Assert.True(unlinked.SshKeyRemoved, unlinked.SshKeyError);
            Assert.Empty(await provider.Client.GetSshKeysAsync(provider.Instance, ProviderSandbox.Login));
        }
        var after = await link.GetStatusAsync(refresh: true);
        Assert.False(after.Linked);
        Assert.Equal(TokenOutcome.NotLinked, (await link.GetTokenAsync()).Outcome);
        Assert.DoesNotContain(provider.ProviderId, (await silo.Grains.GetGrain<IUserGrain>(userId).GetAsync())!.LinkedProviders);
        await Assert.ThrowsAsync<NotFoundException>(() => link.UnlinkAsync());
    }

    public static TheoryData<string> PersonalTokenKinds =>
        new(ProviderSandbox.Kinds.Where(k => k is not ("bitbucket-server-oauth1" or "github-app" or "github-oauth-app")));

    [Theory]
    [MemberData(nameof(PersonalTokenKinds))]
    public async Task A_personal_token_is_validated_before_it_is_stored(string kind)
    {
        await using var emulator = await EmulatorHost.StartAsync();
        var provider = await ProviderSandbox.CreateAsync(emulator, kind);
        using var store = await LinkStore.CreateAsync();
        await using var silo = await LinkSilo.StartAsync(store, [SecretKeyRing.GenerateKey()], ProviderSandbox.Configuration(provider));
        var userId = await silo.CreateUserAsync("bob");
        var link = silo.Link(userId, provider.ProviderId);
        var pat = await provider.Client.IssuePersonalAccessTokenAsync(provider.Instance, ProviderSandbox.Login);

        await Assert.ThrowsAsync<InvalidTokenException>(() => link.SetPersonalTokenAsync(new PersonalTokenRequest(pat.Token + "x", ProviderSandbox.Login)));
        Assert.False((await link.GetStatusAsync(refresh: false)).Linked);

        var status = await link.SetPersonalTokenAsync(new PersonalTokenRequest(pat.Token, ProviderSandbox.Login));

        Assert.True(status.Authenticated);
        Assert.Equal(LinkMethod.PersonalToken, status.Method);
        Assert.False(status.HasRefreshToken);
        Assert.Equal(provider.ExpectedLogin, status.Account?.Login);
        var token = await link.GetTokenAsync();
        Assert.Equal(TokenOutcome.Valid, token.Outcome);
        Assert.Equal(pat.Token, token.GitPassword);
    }
}
