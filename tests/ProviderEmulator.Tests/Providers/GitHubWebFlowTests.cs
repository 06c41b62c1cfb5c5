using System.Net;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class GitHubWebFlowTests : ProviderTest
{
    private string Authorize => Url("github", "/login/oauth/authorize");
    private string TokenUrl => Url("github", "/login/oauth/access_token");
    private string Api => Url("github", "/api/v3");

    private Task<OAuthClient> GitHubApp(InstanceSettingsDto? settings = null) =>
        SetUpAsync("github", app: new RegisterAppRequest("Iv1.app", "app-secret", [Callback.RedirectUri], Kind: "github-app"), settings: settings);

    [Fact]
    public async Task GitHub_app_web_flow_with_pkce_issues_expiring_user_token_and_refresh_token()
    {
        var client = await GitHubApp();
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, scope: "repo");

        Assert.StartsWith("ghu_", tokens.GetProperty("access_token").GetString());
        Assert.StartsWith("ghr_", tokens.GetProperty("refresh_token").GetString());
        Assert.Equal(28800, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal(15897600, tokens.GetProperty("refresh_token_expires_in").GetInt32());
        Assert.Equal("bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal("", tokens.GetProperty("scope").GetString());

        using var user = await GetWithBearer(Api + "/user", tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
        Assert.Equal("alice", (await JsonOf(user)).GetProperty("login").GetString());
        Assert.True(user.Headers.Contains("x-ratelimit-remaining"));
    }

    [Fact]
    public async Task Token_endpoint_answers_form_encoded_without_accept_json_and_errors_with_http_200()
    {
        var client = await SetUpAsync("github");
        var (verifier, challenge) = OAuthClient.NewPkce();
        var callback = await client.AuthorizeAsync(Authorize, "repo user:email", challenge);

        using var success = await client.ExchangeCodeAsync(TokenUrl, callback["code"], verifier, accept: null);
        Assert.Equal("application/x-www-form-urlencoded", success.Content.Headers.ContentType!.MediaType);
        var form = System.Web.HttpUtility.ParseQueryString(await success.Content.ReadAsStringAsync());
        Assert.StartsWith("gho_", form["access_token"]);
        Assert.Equal("repo,user:email", form["scope"]);
        Assert.Equal("bearer", form["token_type"]);
        Assert.Null(form["refresh_token"]); // classic OAuth App tokens do not expire

        using var reused = await client.ExchangeCodeAsync(TokenUrl, callback["code"], verifier, accept: null);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        var error = System.Web.HttpUtility.ParseQueryString(await reused.Content.ReadAsStringAsync());
        Assert.Equal("bad_verification_code", error["error"]);
        Assert.NotNull(error["error_description"]);
    }

    [Fact]
    public async Task Refresh_rotates_and_kills_old_refresh_and_old_access_token_at_once()
    {
        var client = await GitHubApp();
        var first = await client.WebFlowAsync(Authorize, TokenUrl, null);
        var oldAccess = first.GetProperty("access_token").GetString()!;
        var oldRefresh = first.GetProperty("refresh_token").GetString()!;

        using var refreshed = await client.RefreshAsync(TokenUrl, oldRefresh);
        var second = await JsonOf(refreshed);
        Assert.NotEqual(oldAccess, second.GetProperty("access_token").GetString());
        Assert.NotEqual(oldRefresh, second.GetProperty("refresh_token").GetString());

        using var again = await client.RefreshAsync(TokenUrl, oldRefresh);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("bad_refresh_token", (await JsonOf(again)).GetProperty("error").GetString());

        using var oldUser = await GetWithBearer(Api + "/user", oldAccess);
        Assert.Equal(HttpStatusCode.Unauthorized, oldUser.StatusCode);
        Assert.Equal("Bad credentials", (await JsonOf(oldUser)).GetProperty("message").GetString());
        using var newUser = await GetWithBearer(Api + "/user", second.GetProperty("access_token").GetString()!, "token");
        Assert.Equal(HttpStatusCode.OK, newUser.StatusCode);
    }

    [Fact]
    public async Task Pkce_plain_is_rejected_and_a_wrong_verifier_fails_the_exchange()
    {
        var client = await SetUpAsync("github");
        var plain = await client.AuthorizeAsync(Authorize, null, "a-plain-challenge-that-is-long-enough-to-be-a-verifier-0123", method: "plain");
        Assert.Equal("invalid_request", plain["error"]);
        Assert.False(plain.ContainsKey("code"));

        var (_, challenge) = OAuthClient.NewPkce();
        var callback = await client.AuthorizeAsync(Authorize, null, challenge);
        var (otherVerifier, _) = OAuthClient.NewPkce();
        using var response = await client.ExchangeCodeAsync(TokenUrl, callback["code"], otherVerifier);
        Assert.Equal("bad_verification_code", (await JsonOf(response)).GetProperty("error").GetString());
        using var missing = await client.ExchangeCodeAsync(TokenUrl, callback["code"], null);
        Assert.Equal("bad_verification_code", (await JsonOf(missing)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Redirect_uri_outside_the_callback_path_is_sent_back_to_the_callback_as_redirect_uri_mismatch()
    {
        await SetUpAsync("github", app: new RegisterAppRequest("oauth-app", "s", [Callback.BaseUrl + "/callback/github"]));
        var subdirectory = new OAuthClient(Http, "oauth-app", "s", Callback.BaseUrl + "/callback/github/deeper");
        Assert.True((await subdirectory.AuthorizeAsync(Authorize, null, null)).ContainsKey("code"));

        var elsewhere = new OAuthClient(Http, "oauth-app", "s", Callback.BaseUrl + "/elsewhere");
        using var response = await NoRedirect.GetAsync($"{Authorize}?client_id=oauth-app&redirect_uri={Uri.EscapeDataString(elsewhere.RedirectUri)}&state=s1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Callback.BaseUrl + "/callback/github?", location);
        Assert.Contains("error=redirect_uri_mismatch", location);
        Assert.Contains("state=s1", location);
    }

    [Fact]
    public async Task Wrong_client_secret_is_incorrect_client_credentials()
    {
        var client = await SetUpAsync("github");
        var callback = await client.AuthorizeAsync(Authorize, null, null);
        var wrong = new OAuthClient(Http, client.ClientId, "not-the-secret", client.RedirectUri);
        using var response = await wrong.ExchangeCodeAsync(TokenUrl, callback["code"], null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("incorrect_client_credentials", (await JsonOf(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Short_lifetimes_from_the_control_api_expire_the_access_token()
    {
        var client = await GitHubApp(new InstanceSettingsDto(AccessTokenLifetimeSeconds: 3));
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, null);
        Assert.Equal(3, tokens.GetProperty("expires_in").GetInt32());
        var access = tokens.GetProperty("access_token").GetString()!;

        await Control.ExpireTokenAsync(access);
        using var user = await GetWithBearer(Api + "/user", access);
        Assert.Equal(HttpStatusCode.Unauthorized, user.StatusCode);
        Assert.False((await Control.IntrospectAsync(access)).Active);
    }
}
