using System.Net;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class GitLabTests : ProviderTest
{
    private string Authorize => Url("gitlab", "/oauth/authorize");
    private string TokenUrl => Url("gitlab", "/oauth/token");
    private string Api => Url("gitlab", "/api/v4");

    [Fact]
    public async Task Web_flow_with_pkce_gives_two_hour_bearer_token_with_created_at()
    {
        var client = await SetUpAsync("gitlab");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "api read_user");
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(7200, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal("api read_user", tokens.GetProperty("scope").GetString());
        Assert.True(tokens.GetProperty("created_at").GetInt64() > 0);

        using var user = await GetWithBearer(Api + "/user", tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("alice", (await JsonOf(user)).GetProperty("username").GetString());
        Assert.True(user.Headers.Contains("RateLimit-Remaining"));
    }

    [Fact]
    public async Task Refresh_invalidates_old_access_and_refresh_token_and_reuse_is_400_invalid_grant()
    {
        var client = await SetUpAsync("gitlab");
        var first = await client.WebFlowAsync(Authorize, TokenUrl, "api");
        var oldAccess = first.GetProperty("access_token").GetString()!;
        var oldRefresh = first.GetProperty("refresh_token").GetString()!;

        using var refreshed = await client.RefreshAsync(TokenUrl, oldRefresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);

        using var reuse = await client.RefreshAsync(TokenUrl, oldRefresh);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal("invalid_grant", (await JsonOf(reuse)).GetProperty("error").GetString());

        using var oldUser = await GetWithBearer(Api + "/user", oldAccess);
        Assert.Equal(HttpStatusCode.Unauthorized, oldUser.StatusCode);
        Assert.Contains("revoked", (await JsonOf(oldUser)).GetProperty("error_description").GetString());
        Assert.Equal(2, await Control.GetRefreshTokenPresentationsAsync(oldRefresh));
    }

    [Fact]
    public async Task Token_exchange_needs_the_same_redirect_uri_and_the_verifier()
    {
        var client = await SetUpAsync("gitlab");
        var (verifier, challenge) = OAuthClient.NewPkce();
        var callback = await client.AuthorizeAsync(Authorize, "api", challenge);
        using var noVerifier = await client.ExchangeCodeAsync(TokenUrl, callback["code"], null);
        Assert.Equal(HttpStatusCode.BadRequest, noVerifier.StatusCode);
        using var otherRedirect = await client.TokenAsync(TokenUrl, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = callback["code"], ["redirect_uri"] = Callback.RedirectUri + "/x", ["code_verifier"] = verifier,
        });
        Assert.Equal("invalid_grant", (await JsonOf(otherRedirect)).GetProperty("error").GetString());
        using var good = await client.ExchangeCodeAsync(TokenUrl, callback["code"], verifier);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Revoke_kills_the_pair_and_token_info_answers_401()
    {
        var client = await SetUpAsync("gitlab");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "api");
        var access = tokens.GetProperty("access_token").GetString()!;

        using var info = await GetWithBearer(Url("gitlab", "/oauth/token/info"), access);
        var body = await JsonOf(info);
        Assert.Equal(client.ClientId, body.GetProperty("application").GetProperty("uid").GetString());
        Assert.Equal("api", body.GetProperty("scope")[0].GetString());

        using var revoke = await client.TokenAsync(Url("gitlab", "/oauth/revoke"), new Dictionary<string, string>
        {
            ["token"] = tokens.GetProperty("refresh_token").GetString()!, ["token_type_hint"] = "refresh_token",
        });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("{}", await revoke.Content.ReadAsStringAsync());

        using var after = await GetWithBearer(Url("gitlab", "/oauth/token/info"), access);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal("invalid_token", (await JsonOf(after)).GetProperty("error").GetString());
        using var refresh = await client.RefreshAsync(TokenUrl, tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
    }

    [Fact]
    public async Task Device_flow_errors_are_json_400_with_rfc_8628_codes()
    {
        var client = await SetUpAsync("gitlab");
        using var start = await client.TokenAsync(Url("gitlab", "/oauth/authorize_device"), new Dictionary<string, string> { ["scope"] = "read_user" });
        var device = await JsonOf(start);
        Assert.Equal(Url("gitlab", "/oauth/device"), device.GetProperty("verification_uri").GetString());
        Assert.Equal(300, device.GetProperty("expires_in").GetInt32());
        var deviceCode = device.GetProperty("device_code").GetString()!;

        async Task<HttpResponseMessage> Poll() => await client.TokenAsync(TokenUrl, new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["device_code"] = deviceCode,
        });

        using var pending = await Poll();
        Assert.Equal(HttpStatusCode.BadRequest, pending.StatusCode);
        Assert.Equal("authorization_pending", (await JsonOf(pending)).GetProperty("error").GetString());
        using var slow = await Poll();
        Assert.Equal("slow_down", (await JsonOf(slow)).GetProperty("error").GetString());

        await Control.ApproveDeviceAsync("gitlab", device.GetProperty("user_code").GetString()!, "alice");
        using var done = await Poll();
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
    }

    [Fact]
    public async Task Projects_support_membership_search_and_paging()
    {
        await Control.CreateAccountAsync("gitlab", "dave");
        await Control.SeedRepositoriesAsync("gitlab", "dave", [new("alpha"), new("beta", Owner: "group"), new("alphabet")]);
        var pat = (await Control.IssuePersonalAccessTokenAsync("gitlab", "dave")).Token;
        Assert.StartsWith("glpat-", pat);

        using var request = new HttpRequestMessage(HttpMethod.Get, Api + "/projects?membership=true&search=alpha&per_page=1&page=1");
        request.Headers.Add("PRIVATE-TOKEN", pat);
        using var response = await Http.SendAsync(request);
        var projects = await JsonOf(response);
        Assert.Equal(1, projects.GetArrayLength());
        Assert.Equal("2", response.Headers.GetValues("X-Total").Single());
        Assert.Equal("2", response.Headers.GetValues("X-Next-Page").Single());
        Assert.EndsWith(".git", projects[0].GetProperty("http_url_to_repo").GetString());
    }
}
