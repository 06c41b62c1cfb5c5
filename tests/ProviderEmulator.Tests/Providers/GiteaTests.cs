using System.Net;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class GiteaTests : ProviderTest
{
    private string Authorize => Url("gitea", "/login/oauth/authorize");
    private string TokenUrl => Url("gitea", "/login/oauth/access_token");

    [Fact]
    public async Task Web_flow_then_userinfo_and_api_user()
    {
        var client = await SetUpAsync("gitea");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "read:user");
        Assert.Equal(3600, tokens.GetProperty("expires_in").GetInt32());
        Assert.Equal(3, tokens.GetProperty("access_token").GetString()!.Split('.').Length); // JWT-shaped
        var access = tokens.GetProperty("access_token").GetString()!;

        using var userinfo = await GetWithBearer(Url("gitea", "/login/oauth/userinfo"), access);
        Assert.Equal("alice", (await JsonOf(userinfo)).GetProperty("preferred_username").GetString());
        using var user = await GetWithBearer(Url("gitea", "/api/v1/user"), access, "token");
        Assert.Equal("alice", (await JsonOf(user)).GetProperty("login").GetString());
    }

    [Fact]
    public async Task Refresh_token_reuse_is_allowed_by_default()
    {
        var client = await SetUpAsync("gitea");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var first = await client.RefreshAsync(TokenUrl, refresh);
        Assert.NotEqual(refresh, (await JsonOf(first)).GetProperty("refresh_token").GetString());
        using var second = await client.RefreshAsync(TokenUrl, refresh);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task With_invalidate_refresh_tokens_on_reuse_is_unauthorized_client_token_was_already_used()
    {
        var client = await SetUpAsync("gitea", settings: new InstanceSettingsDto(InvalidateRefreshTokens: true));
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, null);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var first = await client.RefreshAsync(TokenUrl, refresh);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await client.RefreshAsync(TokenUrl, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var error = await JsonOf(second);
        Assert.Equal("unauthorized_client", error.GetProperty("error").GetString());
        Assert.Equal("token was already used", error.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Gitea_has_no_device_flow_and_no_revocation()
    {
        var client = await SetUpAsync("gitea");
        using var grant = await client.TokenAsync(TokenUrl, new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["device_code"] = "x",
        });
        Assert.Equal("unsupported_grant_type", (await JsonOf(grant)).GetProperty("error").GetString());
        using var revoke = await Http.PostAsync(Url("gitea", "/login/oauth/revoke"), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
    }
}
