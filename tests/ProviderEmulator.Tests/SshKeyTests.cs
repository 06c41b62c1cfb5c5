using System.Net;
using System.Net.Http.Json;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests;

/// <summary>Each provider's add/list/delete, its duplicate-key error, and fingerprints equal to `ssh-keygen -lf`.</summary>
public sealed class SshKeyTests : ProviderTest
{
    private async Task<(string Alice, string Bob)> TwoUsers(string instance)
    {
        await Control.CreateAccountAsync(instance, "alice");
        await Control.CreateAccountAsync(instance, "bob");
        return ((await Control.IssuePersonalAccessTokenAsync(instance, "alice")).Token, (await Control.IssuePersonalAccessTokenAsync(instance, "bob")).Token);
    }

    [Fact]
    public async Task GitHub_keys_and_422_key_is_already_in_use()
    {
        var (alice, bob) = await TwoUsers("github");
        var key = SshKeygen.Generate();
        var api = Url("github", "/api/v3");

        using var added = await SendJson(HttpMethod.Post, api + "/user/keys", alice, new { title = "laptop", key = key.PublicKey });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var created = await JsonOf(added);
        Assert.Equal(string.Join(' ', key.PublicKey.Split(' ').Take(2)), created.GetProperty("key").GetString());

        using var duplicate = await SendJson(HttpMethod.Post, api + "/user/keys", bob, new { title = "stolen", key = key.PublicKey });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        var error = await JsonOf(duplicate);
        Assert.Equal("Validation Failed", error.GetProperty("message").GetString());
        var detail = error.GetProperty("errors")[0];
        Assert.Equal("PublicKey", detail.GetProperty("resource").GetString());
        Assert.Equal("custom", detail.GetProperty("code").GetString());
        Assert.Equal("key", detail.GetProperty("field").GetString());
        Assert.Equal("key is already in use", detail.GetProperty("message").GetString());

        var stored = Assert.Single(await Control.GetAllSshKeysAsync("github"));
        Assert.Equal(key.Fingerprint, stored.Fingerprint);
        Assert.Equal("alice", stored.Login);

        using var publicKeys = await Http.GetAsync(api + "/users/alice/keys");
        Assert.Equal(1, (await JsonOf(publicKeys)).GetArrayLength());
        var id = created.GetProperty("id").GetInt64();
        using var notBobs = await SendJson(HttpMethod.Delete, api + $"/user/keys/{id}", bob, null);
        Assert.Equal(HttpStatusCode.NotFound, notBobs.StatusCode);
        using var deleted = await SendJson(HttpMethod.Delete, api + $"/user/keys/{id}", alice, null);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var list = await GetWithBearer(api + "/user/keys", alice);
        Assert.Equal(0, (await JsonOf(list)).GetArrayLength());
    }

    [Fact]
    public async Task GitLab_keys_and_400_has_already_been_taken()
    {
        var (alice, bob) = await TwoUsers("gitlab");
        var key = SshKeygen.Generate();
        var api = Url("gitlab", "/api/v4");
        using var added = await SendJson(HttpMethod.Post, api + "/user/keys", alice, new { title = "laptop", key = key.PublicKey });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(key.PublicKey, (await JsonOf(added)).GetProperty("key").GetString());

        using var duplicate = await SendJson(HttpMethod.Post, api + "/user/keys", bob, new { title = "laptop", key = key.PublicKey });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        var message = (await JsonOf(duplicate)).GetProperty("message");
        Assert.Equal("has already been taken", message.GetProperty("fingerprint")[0].GetString());
        Assert.Equal("has already been taken", message.GetProperty("key")[0].GetString());

        using var missingTitle = await SendJson(HttpMethod.Post, api + "/user/keys", bob, new { key = SshKeygen.Generate().PublicKey });
        Assert.Equal("title is missing", (await JsonOf(missingTitle)).GetProperty("error").GetString());
        Assert.Equal(key.Fingerprint, Assert.Single(await Control.GetSshKeysAsync("gitlab", "alice")).Fingerprint);
    }

    [Fact]
    public async Task Bitbucket_cloud_keys_by_uuid_and_400_error_shape()
    {
        var (alice, bob) = await TwoUsers("bitbucket");
        var key = SshKeygen.Generate("rsa");
        var api = Url("bitbucket", "/api/2.0");
        var accounts = await Control.GetAccountsAsync("bitbucket");
        string Uuid(string login) => Uri.EscapeDataString("{" + accounts.Single(a => a.Login == login).Uuid + "}");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{api}/users/{Uuid("alice")}/ssh-keys")
        {
            Content = JsonContent.Create(new { key = key.PublicKey, label = "laptop" }),
        };
        request.Headers.Authorization = Basic("alice", alice);
        using var added = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var created = await JsonOf(added);
        Assert.Equal("test@example", created.GetProperty("comment").GetString());
        Assert.Equal(key.Fingerprint, created.GetProperty("fingerprint").GetString());

        using var duplicateRequest = new HttpRequestMessage(HttpMethod.Post, $"{api}/users/{accounts.Single(a => a.Login == "bob").AccountId}/ssh-keys")
        {
            Content = JsonContent.Create(new { key = key.PublicKey }),
        };
        duplicateRequest.Headers.Authorization = Basic("bob", bob);
        using var duplicate = await Http.SendAsync(duplicateRequest);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        var error = await JsonOf(duplicate);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetProperty("message").GetString()));

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"{api}/users/{Uuid("alice")}/ssh-keys/{Uri.EscapeDataString(created.GetProperty("uuid").GetString()!)}");
        delete.Headers.Authorization = Basic("alice", alice);
        using var deleted = await Http.SendAsync(delete);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await Control.GetSshKeysAsync("bitbucket", "alice"));
    }

    [Fact]
    public async Task Bitbucket_server_keys_201_rest_ssh_key_and_409_duplicate()
    {
        var (alice, bob) = await TwoUsers("bitbucket-server");
        var key = SshKeygen.Generate("ecdsa");
        var keys = Url("bitbucket-server", "/rest/ssh/latest/keys");
        using var added = await SendJson(HttpMethod.Post, keys, alice, new { text = key.PublicKey, label = "laptop" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var created = await JsonOf(added);
        Assert.Equal(key.Fingerprint, created.GetProperty("fingerprint").GetString());
        Assert.Equal("ECDSA", created.GetProperty("algorithmType").GetString());
        Assert.Equal(256, created.GetProperty("bitLength").GetInt32());

        using var duplicate = await SendJson(HttpMethod.Post, keys, bob, new { text = key.PublicKey });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(1, (await JsonOf(duplicate)).GetProperty("errors").GetArrayLength());

        using var list = await GetWithBearer(keys, alice);
        Assert.Equal(1, (await JsonOf(list)).GetProperty("size").GetInt32());
        var id = created.GetProperty("id").GetInt64();
        using var deleted = await SendJson(HttpMethod.Delete, $"{keys}/{id}", alice, null);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var deletedAgain = await SendJson(HttpMethod.Delete, $"{keys}/{id}", alice, null);
        Assert.Equal(HttpStatusCode.NoContent, deletedAgain.StatusCode);
    }

    [Fact]
    public async Task Gitea_keys_and_422_key_content_has_been_used()
    {
        var (alice, bob) = await TwoUsers("gitea");
        var key = SshKeygen.Generate();
        var api = Url("gitea", "/api/v1");
        using var added = await SendJson(HttpMethod.Post, api + "/user/keys", alice, new { title = "laptop", key = key.PublicKey }, "token");
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(key.Fingerprint, (await JsonOf(added)).GetProperty("fingerprint").GetString());

        using var duplicate = await SendJson(HttpMethod.Post, api + "/user/keys", bob, new { title = "laptop", key = key.PublicKey }, "token");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Equal("Key content has been used as non-deploy key", (await JsonOf(duplicate)).GetProperty("message").GetString());

        using var sameTitle = await SendJson(HttpMethod.Post, api + "/user/keys", alice, new { title = "laptop", key = SshKeygen.Generate().PublicKey }, "token");
        Assert.Equal("Key title has been used", (await JsonOf(sameTitle)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Invalid_key_text_is_rejected_in_each_providers_way()
    {
        var (alice, _) = await TwoUsers("github");
        using var response = await SendJson(HttpMethod.Post, Url("github", "/api/v3/user/keys"), alice, new { key = "ssh-ed25519 bm90IGEga2V5" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("key is invalid", (await JsonOf(response)).GetProperty("errors")[0].GetProperty("message").GetString());
    }
}
