using System.Net;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class BitbucketCloudTests : ProviderTest
{
    private string Authorize => Url("bitbucket", "/site/oauth2/authorize");
    private string TokenUrl => Url("bitbucket", "/site/oauth2/access_token");
    private string Api => Url("bitbucket", "/api/2.0");

    [Fact]
    public async Task Web_flow_with_basic_client_auth_gives_two_hour_tokens_and_the_user()
    {
        var client = await SetUpAsync("bitbucket");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "account email", basicAuth: true);
        Assert.Equal(7200, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal("account email", tokens.GetProperty("scope").GetString());
        Assert.True(tokens.GetProperty("access_token").GetString()!.Length > 2500);

        using var user = await GetWithBearer(Api + "/user", tokens.GetProperty("access_token").GetString()!);
        var body = await JsonOf(user);
        Assert.Matches("^\\{[0-9a-f-]{36}\\}$", body.GetProperty("uuid").GetString());
        Assert.Equal("alice", body.GetProperty("username").GetString());
        using var emails = await GetWithBearer(Api + "/user/emails", tokens.GetProperty("access_token").GetString()!);
        Assert.True((await JsonOf(emails)).GetProperty("values")[0].GetProperty("is_primary").GetBoolean());
    }

    [Fact]
    public async Task Used_refresh_token_keeps_working_for_the_grace_period_then_dies()
    {
        var client = await SetUpAsync("bitbucket", settings: new InstanceSettingsDto(RefreshGraceSeconds: 2));
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "account", basicAuth: true);
        var oldRefresh = tokens.GetProperty("refresh_token").GetString()!;

        using var first = await client.RefreshAsync(TokenUrl, oldRefresh, basicAuth: true);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = (await JsonOf(first)).GetProperty("refresh_token").GetString();
        Assert.NotEqual(oldRefresh, rotated);
        using var withinGrace = await client.RefreshAsync(TokenUrl, oldRefresh, basicAuth: true);
        Assert.Equal(HttpStatusCode.OK, withinGrace.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var afterGrace = await client.RefreshAsync(TokenUrl, oldRefresh, basicAuth: true);
        Assert.Equal(HttpStatusCode.BadRequest, afterGrace.StatusCode);
        Assert.Equal("invalid_grant", (await JsonOf(afterGrace)).GetProperty("error").GetString());

        using var oldAccess = await GetWithBearer(Api + "/user", tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, oldAccess.StatusCode);
    }

    [Fact]
    public async Task Api_token_works_with_basic_and_the_username()
    {
        await Control.CreateAccountAsync("bitbucket", "erin");
        var token = (await Control.IssuePersonalAccessTokenAsync("bitbucket", "erin")).Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, Api + "/user");
        request.Headers.Authorization = Basic("erin", token);
        using var ok = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(ok.Headers.Contains("X-RateLimit-Limit"));

        using var wrongUser = new HttpRequestMessage(HttpMethod.Get, Api + "/user");
        wrongUser.Headers.Authorization = Basic("someone", token);
        using var denied = await Http.SendAsync(wrongUser);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("error", (await JsonOf(denied)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_refresh_token_is_invalid_grant_and_there_is_no_revocation_endpoint()
    {
        var client = await SetUpAsync("bitbucket");
        using var response = await client.RefreshAsync(TokenUrl, "not-a-token", basicAuth: true);
        Assert.Equal("invalid_grant", (await JsonOf(response)).GetProperty("error").GetString());
        using var revoke = await Http.PostAsync(Url("bitbucket", "/site/oauth2/revoke"), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
    }
}
