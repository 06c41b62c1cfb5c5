using System.Net;
using System.Net.Http.Json;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>Personal tokens, repositories and per-provider SSH key sync.</summary>
public sealed class LinkExtensionTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_valid_personal_token_links_and_an_invalid_one_is_400()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        var pat = await _gateway.Emulator.Client.IssuePersonalAccessTokenAsync("gh", TestGateway.Login);

        await Json.AssertErrorAsync(await alice.Api.PutAsJsonAsync("api/v2/external-auth/github/token", new { token = "ghp_not_valid" }), 400);
        Assert.Empty((await Json.ReadAsync(await alice.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());
        var linked = await alice.Api.PutAsJsonAsync("api/v2/external-auth/github/token", new { token = pat.Token });

        var link = await Json.ReadAsync(linked);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal("github", link["provider_id"]!.GetValue<string>());
        Assert.True(link["authenticated"]!.GetValue<bool>());
        Assert.Equal(pat.Token, (await Json.ReadAsync(await alice.Api.GetAsync("api/v2/git/credentials?id=github")))["access_token"]!.GetValue<string>());
        await Json.AssertErrorAsync(await alice.Api.PutAsJsonAsync("api/v2/external-auth/github/token", new { username = "x" }), 400);
    }

    [Fact]
    public async Task Repositories_are_listed_in_the_exact_shape()
    {
        var bob = await _gateway.CreateUserAsync("bob");
        await _gateway.Emulator.Client.SeedRepositoriesAsync("gh", TestGateway.Login,
            [new SeedRepository("hello", Private: true, DefaultBranch: "main"), new SeedRepository("world", Private: false)]);
        await _gateway.LinkAsync(bob, "github");

        var repositories = (await Json.ReadAsync(await bob.Api.GetAsync("api/v2/external-auth/github/repositories"))).AsArray();

        Assert.Equal(2, repositories.Count);
        var hello = repositories.Single(r => r!["full_name"]!.GetValue<string>() == "octo/hello")!;
        Assert.Equal(Json.Sorted("full_name", "html_url", "clone_url", "ssh_url", "private", "default_branch"), Json.Fields(hello));
        Assert.True(hello["private"]!.GetValue<bool>());
        Assert.Equal("main", hello["default_branch"]!.GetValue<string>());
        await Json.AssertErrorAsync(await bob.Api.GetAsync("api/v2/external-auth/github/repositories?page=0"), 400);
        await Json.AssertErrorAsync(await bob.Api.GetAsync("api/v2/external-auth/github/repositories?page=x"), 400);
    }

    [Fact]
    public async Task Repositories_need_a_link()
    {
        var carol = await _gateway.CreateUserAsync("carol");

        await Json.AssertErrorAsync(await carol.Api.GetAsync("api/v2/external-auth/github/repositories"), 404);
    }

    [Fact]
    public async Task The_ssh_key_is_synced_to_the_provider_and_follows_regeneration()
    {
        var dave = await _gateway.CreateUserAsync("dave");
        await _gateway.LinkAsync(dave, "github");
        var userKey = await Json.ReadAsync(await dave.Api.GetAsync("api/v2/users/me/gitsshkey"));

        var synced = await Json.ReadAsync(await dave.Api.PostAsync("api/v2/external-auth/github/ssh-key", null));

        Assert.Equal(Json.Sorted("synced", "key_id", "fingerprint", "synced_at", "error"), Json.Fields(synced));
        Assert.True(synced["synced"]!.GetValue<bool>());
        Assert.Equal("", synced["error"]!.GetValue<string>());
        var atProvider = await _gateway.Emulator.Client.GetSshKeysAsync("gh", TestGateway.Login);
        var blob = userKey["public_key"]!.GetValue<string>().Split(' ')[1];
        Assert.Contains(atProvider, k => k.Key.Contains(blob));

        var regenerated = await Json.ReadAsync(await dave.Api.PutAsync("api/v2/users/me/gitsshkey", null));
        var newBlob = regenerated["public_key"]!.GetValue<string>().Split(' ')[1];

        Assert.NotEqual(blob, newBlob);
        var after = await _gateway.Emulator.Client.GetSshKeysAsync("gh", TestGateway.Login);
        Assert.Contains(after, k => k.Key.Contains(newBlob));
        Assert.DoesNotContain(after, k => k.Key.Contains(blob));
        var status = await Json.ReadAsync(await dave.Api.GetAsync("api/v2/external-auth/github/ssh-key"));
        Assert.True(status["synced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_provider_without_an_SSH_key_API_shows_the_key_to_add_by_hand()
    {
        var dave = await _gateway.CreateUserAsync("dave");
        var emulator = _gateway.Emulator.Client;
        await emulator.CreateAccountAsync("entra", TestGateway.Login, "Octo", "octo@example.test");
        var pat = await emulator.IssuePersonalAccessTokenAsync("entra", TestGateway.Login);
        var root = _gateway.Emulator.InstanceUrl("entra");
        var added = await _gateway.Admin.PostAsJsonAsync("api/v2/admin/external-auth", new
        {
            id = "ado", type = "azure-devops-entra", client_id = "ado-client", client_secret = "ado-secret",
            auth_url = $"{root}/organizations/oauth2/v2.0/authorize", api_base_url = root,
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dave.Api.PutAsJsonAsync("api/v2/external-auth/ado/token", new { token = pat.Token })).StatusCode);
        var userKey = (await Json.ReadAsync(await dave.Api.GetAsync("api/v2/users/me/gitsshkey")))["public_key"]!.GetValue<string>();

        var status = await Json.ReadAsync(await dave.Api.GetAsync("api/v2/external-auth/ado/ssh-key"));

        Assert.Equal(Json.Sorted("synced", "key_id", "fingerprint", "synced_at", "error", "manual", "public_key"), Json.Fields(status));
        Assert.True(status["manual"]!.GetValue<bool>());
        Assert.False(status["synced"]!.GetValue<bool>());
        Assert.Equal(userKey, status["public_key"]!.GetValue<string>());
        Assert.StartsWith("SHA256:", status["fingerprint"]!.GetValue<string>());
        Assert.True((await Json.ReadAsync(await dave.Api.PostAsync("api/v2/external-auth/ado/ssh-key", null)))["manual"]!.GetValue<bool>());
    }
}
