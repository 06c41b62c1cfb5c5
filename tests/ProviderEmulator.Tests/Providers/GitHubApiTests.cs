using System.Net;
using System.Net.Http.Json;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class GitHubApiTests : ProviderTest
{
    private string Authorize => Url("github", "/login/oauth/authorize");
    private string TokenUrl => Url("github", "/login/oauth/access_token");
    private string Api => Url("github", "/api/v3");

    private async Task<HttpResponseMessage> AppCall(HttpMethod method, string clientId, string secret, string path, string accessToken)
    {
        using var request = new HttpRequestMessage(method, Api + path) { Content = JsonContent.Create(new { access_token = accessToken }) };
        request.Headers.Authorization = Basic(clientId, secret);
        return await Http.SendAsync(request);
    }

    [Fact]
    public async Task Grant_deletion_revokes_all_tokens_of_the_app_and_deletes_the_ssh_keys_it_created()
    {
        var client = await SetUpAsync("github");
        await Control.RegisterAppAsync("github", new RegisterAppRequest("other-app", "other-secret", [Callback.RedirectUri]));
        var first = (await client.WebFlowAsync(Authorize, TokenUrl, "admin:public_key")).GetProperty("access_token").GetString()!;
        var second = (await client.WebFlowAsync(Authorize, TokenUrl, "read:user")).GetProperty("access_token").GetString()!;
        var other = (await new OAuthClient(Http, "other-app", "other-secret", Callback.RedirectUri).WebFlowAsync(Authorize, TokenUrl, "admin:public_key"))
            .GetProperty("access_token").GetString()!;

        using (await SendJson(HttpMethod.Post, Api + "/user/keys", first, new { title = "by app", key = SshKeygen.Generate().PublicKey })) { }
        using (await SendJson(HttpMethod.Post, Api + "/user/keys", other, new { title = "by other", key = SshKeygen.Generate().PublicKey })) { }
        Assert.Equal(2, (await Control.GetSshKeysAsync("github", "alice")).Count);

        using var check = await AppCall(HttpMethod.Post, client.ClientId, client.ClientSecret!, $"/applications/{client.ClientId}/token", first);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal("alice", (await JsonOf(check)).GetProperty("user").GetProperty("login").GetString());

        using var revoke = await AppCall(HttpMethod.Delete, client.ClientId, client.ClientSecret!, $"/applications/{client.ClientId}/grant", first);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        foreach (var dead in new[] { first, second })
        {
            using var user = await GetWithBearer(Api + "/user", dead);
            Assert.Equal(HttpStatusCode.Unauthorized, user.StatusCode);
        }

        using var stillAlive = await GetWithBearer(Api + "/user", other);
        Assert.Equal(HttpStatusCode.OK, stillAlive.StatusCode);
        var keys = await Control.GetSshKeysAsync("github", "alice");
        Assert.Equal("by other", Assert.Single(keys).Title);

        using var checkAgain = await AppCall(HttpMethod.Post, client.ClientId, client.ClientSecret!, $"/applications/{client.ClientId}/token", first);
        Assert.Equal(HttpStatusCode.NotFound, checkAgain.StatusCode);
    }

    [Fact]
    public async Task Deleting_one_token_needs_the_app_credentials()
    {
        var client = await SetUpAsync("github");
        var token = (await client.WebFlowAsync(Authorize, TokenUrl, "repo")).GetProperty("access_token").GetString()!;
        using var wrong = await AppCall(HttpMethod.Delete, client.ClientId, "bad", $"/applications/{client.ClientId}/token", token);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        using var right = await AppCall(HttpMethod.Delete, client.ClientId, client.ClientSecret!, $"/applications/{client.ClientId}/token", token);
        Assert.Equal(HttpStatusCode.NoContent, right.StatusCode);
        Assert.False((await Control.IntrospectAsync(token)).Active);
    }

    [Fact]
    public async Task Installations_are_listed_only_for_github_app_user_tokens()
    {
        var client = await SetUpAsync("github", app: new RegisterAppRequest("Iv1.inst", "s", [Callback.RedirectUri], Kind: "github-app"));
        await Control.SeedInstallationAsync("github", "alice", new SeedInstallation(AccountLogin: "acme", Repositories: ["acme/api", "acme/web"]));
        var appToken = (await client.WebFlowAsync(Authorize, TokenUrl, null)).GetProperty("access_token").GetString()!;

        using var list = await GetWithBearer(Api + "/user/installations", appToken);
        var body = await JsonOf(list);
        Assert.Equal(1, body.GetProperty("total_count").GetInt32());
        var installation = body.GetProperty("installations")[0];
        Assert.Equal("acme", installation.GetProperty("account").GetProperty("login").GetString());
        Assert.Equal("Organization", installation.GetProperty("target_type").GetString());

        using var repos = await GetWithBearer(Api + $"/user/installations/{installation.GetProperty("id").GetInt64()}/repositories", appToken);
        var repoBody = await JsonOf(repos);
        Assert.Equal(2, repoBody.GetProperty("total_count").GetInt32());
        Assert.Equal("acme/api", repoBody.GetProperty("repositories")[0].GetProperty("full_name").GetString());

        var pat = (await Control.IssuePersonalAccessTokenAsync("github", "alice")).Token;
        Assert.StartsWith("ghp_", pat);
        using var patList = await GetWithBearer(Api + "/user/installations", pat);
        Assert.Equal(HttpStatusCode.Forbidden, patList.StatusCode);
    }

    [Fact]
    public async Task User_repos_are_paginated_with_a_link_header()
    {
        await Control.CreateAccountAsync("github", "bob");
        await Control.SeedRepositoriesAsync("github", "bob", Enumerable.Range(1, 5).Select(i => new SeedRepository($"repo{i}")));
        var pat = (await Control.IssuePersonalAccessTokenAsync("github", "bob")).Token;

        using var page = await GetWithBearer(Api + "/user/repos?per_page=2&page=1", pat);
        var repos = await JsonOf(page);
        Assert.Equal(2, repos.GetArrayLength());
        Assert.Equal("bob/repo1", repos[0].GetProperty("full_name").GetString());
        Assert.Contains("rel=\"next\"", page.Headers.GetValues("Link").Single());
        Assert.Contains("page=3", page.Headers.GetValues("Link").Single());
        Assert.Equal("repo read:user user:email admin:public_key".Replace(" ", ", "), page.Headers.GetValues("X-OAuth-Scopes").Single());
    }

    [Fact]
    public async Task Rate_limit_is_counted_per_user_and_exhaustion_answers_403_with_remaining_zero()
    {
        await Control.CreateAccountAsync("github", "carol");
        await Control.UpdateSettingsAsync("github", new InstanceSettingsDto(RateLimit: 2));
        var pat = (await Control.IssuePersonalAccessTokenAsync("github", "carol")).Token;

        using var one = await GetWithBearer(Api + "/user", pat);
        Assert.Equal("1", one.Headers.GetValues("x-ratelimit-remaining").Single());
        Assert.Equal("2", one.Headers.GetValues("x-ratelimit-limit").Single());
        using var two = await GetWithBearer(Api + "/user", pat);
        using var three = await GetWithBearer(Api + "/user", pat);
        Assert.Equal(HttpStatusCode.Forbidden, three.StatusCode);
        Assert.Equal("0", three.Headers.GetValues("x-ratelimit-remaining").Single());

        using var status = await GetWithBearer(Api + "/rate_limit", pat);
        Assert.Equal(0, (await JsonOf(status)).GetProperty("resources").GetProperty("core").GetProperty("remaining").GetInt32());
    }
}
