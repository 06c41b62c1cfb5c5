using System.Net.Http.Headers;
using System.Net.Http.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Ssh;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>The user's SSH key at the provider: replaced when regenerated, matched when already there, and a key
/// held by another account reported rather than fought over.</summary>
public sealed class SshKeySyncTests
{
    [Fact]
    public async Task Regenerating_the_key_replaces_the_one_uploaded_before()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var silo = await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        var before = await scenario.Link.GetSshKeyStatusAsync();
        Assert.True(before.Synced, before.Error);

        var regenerated = await silo.Grains.GetGrain<IUserGrain>(scenario.UserId).RegenerateSshKeyAsync();
        var after = await scenario.Link.GetSshKeyStatusAsync();

        Assert.True(after.Synced, after.Error);
        Assert.Equal(regenerated.Fingerprint, after.Fingerprint);
        Assert.NotEqual(before.KeyId, after.KeyId);
        var key = Assert.Single(await scenario.Client.GetSshKeysAsync(scenario.Provider.Instance, ProviderSandbox.Login));
        Assert.True(SshPublicKey.Parse(key.Key).IsSameKeyAs(SshPublicKey.Parse(regenerated.PublicKey)));
        Assert.Equal(after.KeyId, key.Id);
    }

    [Fact]
    public async Task A_key_already_on_the_account_is_adopted_and_syncing_again_changes_nothing()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var silo = await scenario.StartSiloAsync();
        await scenario.LinkUserAsync();
        var userKey = await silo.Grains.GetGrain<IUserGrain>(scenario.UserId).GetSshKeyAsync();
        var first = await scenario.Link.GetSshKeyStatusAsync();

        // The same account linked a second time (say, after an unlink that could not reach the provider): the key is there.
        await scenario.Link.UnlinkAsync();
        var pat = await scenario.Client.IssuePersonalAccessTokenAsync(scenario.Provider.Instance, ProviderSandbox.Login);
        await UploadByHandAsync(scenario, pat.Token, userKey.PublicKey);
        await scenario.Link.SetPersonalTokenAsync(new PersonalTokenRequest(pat.Token, null));
        var adopted = await scenario.Link.GetSshKeyStatusAsync();
        var again = await scenario.Link.SyncSshKeyAsync();

        Assert.True(first.Synced);
        Assert.True(adopted.Synced, adopted.Error);
        Assert.Null(adopted.Error);
        var key = Assert.Single(await scenario.Client.GetSshKeysAsync(scenario.Provider.Instance, ProviderSandbox.Login));
        Assert.Equal(key.Id, adopted.KeyId);
        Assert.Equal(adopted.KeyId, again.KeyId);
        Assert.Equal(userKey.Fingerprint, again.Fingerprint);
    }

    [Fact]
    public async Task A_key_held_by_another_account_is_reported_and_the_link_still_works()
    {
        await using var scenario = await LinkScenario.CreateAsync("gitlab");
        var silo = await scenario.StartSiloAsync();
        var userId = await silo.CreateUserAsync("alice");
        var userKey = await silo.Grains.GetGrain<IUserGrain>(userId).GetSshKeyAsync();
        await scenario.Client.CreateAccountAsync(scenario.Provider.Instance, "someone-else");
        var otherPat = await scenario.Client.IssuePersonalAccessTokenAsync(scenario.Provider.Instance, "someone-else");
        await UploadByHandAsync(scenario, otherPat.Token, userKey.PublicKey);

        var linked = await scenario.Provider.LinkByWebFlowAsync(silo.Link(userId, scenario.Provider.ProviderId));
        var status = await silo.Link(userId, scenario.Provider.ProviderId).GetSshKeyStatusAsync();

        Assert.True(linked.Status.Authenticated);
        Assert.False(status.Synced);
        Assert.Contains("another account", status.Error);
        Assert.Empty(await scenario.Client.GetSshKeysAsync(scenario.Provider.Instance, ProviderSandbox.Login));
    }

    private static async Task UploadByHandAsync(LinkScenario scenario, string token, string publicKey)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, scenario.Emulator.InstanceUrl(scenario.Provider.Instance) + "/api/v4/user/keys")
        {
            Content = JsonContent.Create(new { title = "laptop", key = publicKey }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
