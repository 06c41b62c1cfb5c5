using System.Net;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class GenericOAuth2Tests : ProviderTest
{
    private string Authorize => Url("oauth2", "/authorize");
    private string TokenUrl => Url("oauth2", "/token");

    [Fact]
    public async Task Metadata_describes_every_endpoint()
    {
        using var response = await Http.GetAsync(Url("oauth2", "/.well-known/oauth-authorization-server"));
        var metadata = await JsonOf(response);
        Assert.Equal(Url("oauth2", ""), metadata.GetProperty("issuer").GetString());
        Assert.Equal(TokenUrl, metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(Url("oauth2", "/revoke"), metadata.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(Url("oauth2", "/device_authorization"), metadata.GetProperty("device_authorization_endpoint").GetString());
    }

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_rfc_7009_revocation_ends_the_access_token()
    {
        var client = await SetUpAsync("oauth2");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "openid profile", basicAuth: true);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var refreshed = await client.RefreshAsync(TokenUrl, refresh, basicAuth: true);
        var second = await JsonOf(refreshed);
        using var reuse = await client.RefreshAsync(TokenUrl, refresh, basicAuth: true);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal("invalid_grant", (await JsonOf(reuse)).GetProperty("error").GetString());

        var access = second.GetProperty("access_token").GetString()!;
        using var before = await GetWithBearer(Url("oauth2", "/userinfo"), access);
        Assert.Equal("alice", (await JsonOf(before)).GetProperty("preferred_username").GetString());
        using var revoke = await client.TokenAsync(Url("oauth2", "/revoke"), new Dictionary<string, string> { ["token"] = access }, basicAuth: true);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var after = await GetWithBearer(Url("oauth2", "/userinfo"), access);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("invalid_token", after.Headers.WwwAuthenticate.ToString());
        using var unknown = await client.TokenAsync(Url("oauth2", "/revoke"), new Dictionary<string, string> { ["token"] = "never-issued" }, basicAuth: true);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
    }

    [Fact]
    public async Task Wrong_client_secret_with_basic_is_401_invalid_client_with_challenge()
    {
        var client = await SetUpAsync("oauth2");
        var wrong = new OAuthClient(Http, client.ClientId, "wrong", client.RedirectUri);
        using var response = await wrong.RefreshAsync(TokenUrl, "whatever", basicAuth: true);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await JsonOf(response)).GetProperty("error").GetString());
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("client_secret_basic")]
    [InlineData("client_secret_post")]
    public async Task A_client_registered_with_one_auth_method_is_refused_the_other_at_every_endpoint(string method)
    {
        var client = await SetUpAsync("oauth2",
            app: new Control.RegisterAppRequest("strict-" + method, "strict-secret", [Callback.RedirectUri], TokenEndpointAuthMethod: method));
        var basic = method == "client_secret_basic";

        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "openid", basicAuth: basic);
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var otherRefresh = await client.RefreshAsync(TokenUrl, refresh, basicAuth: !basic);
        using var otherDevice = await client.TokenAsync(Url("oauth2", "/device_authorization"), new Dictionary<string, string>(), basicAuth: !basic);
        using var otherRevoke = await client.TokenAsync(Url("oauth2", "/revoke"), new Dictionary<string, string> { ["token"] = refresh }, basicAuth: !basic);
        using var device = await client.TokenAsync(Url("oauth2", "/device_authorization"), new Dictionary<string, string>(), basicAuth: basic);

        foreach (var refused in new[] { otherRefresh, otherDevice, otherRevoke })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("invalid_client", (await JsonOf(refused)).GetProperty("error").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, device.StatusCode);
    }

    [Fact]
    public async Task Public_client_must_use_pkce()
    {
        var client = await SetUpAsync("oauth2", app: new Control.RegisterAppRequest("spa", null, [Callback.RedirectUri]));
        var callback = await client.AuthorizeAsync(Authorize, null, null);
        using var response = await client.ExchangeCodeAsync(TokenUrl, callback["code"], null);
        Assert.Equal("unauthorized_client", (await JsonOf(response)).GetProperty("error").GetString());
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, null);
        Assert.True(tokens.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task Device_flow_slow_down_expired_and_denied()
    {
        var client = await SetUpAsync("oauth2", settings: new Control.InstanceSettingsDto(DeviceCodeLifetimeSeconds: 1));
        async Task<System.Text.Json.JsonElement> Start()
        {
            using var response = await client.TokenAsync(Url("oauth2", "/device_authorization"), new Dictionary<string, string>());
            return await JsonOf(response);
        }

        async Task<string> Poll(System.Text.Json.JsonElement device)
        {
            using var response = await client.TokenAsync(TokenUrl, new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["device_code"] = device.GetProperty("device_code").GetString()!,
            });
            return (await JsonOf(response)).GetProperty("error").GetString()!;
        }

        var slow = await Start();
        Assert.Equal("authorization_pending", await Poll(slow));
        Assert.Equal("slow_down", await Poll(slow));

        var denied = await Start();
        await Control.DenyDeviceAsync("oauth2", denied.GetProperty("user_code").GetString()!);
        Assert.Equal("access_denied", await Poll(denied));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal("expired_token", await Poll(slow));
    }
}
