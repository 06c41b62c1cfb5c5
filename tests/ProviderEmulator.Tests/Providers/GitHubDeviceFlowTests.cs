using System.Net;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class GitHubDeviceFlowTests : ProviderTest
{
    private string CodeUrl => Url("github", "/login/device/code");
    private string TokenUrl => Url("github", "/login/oauth/access_token");

    private async Task<OAuthClient> DeviceApp(bool deviceFlow = true, InstanceSettingsDto? settings = null)
    {
        var client = await SetUpAsync("github",
            app: new RegisterAppRequest("Iv1.device", "device-secret", [Callback.RedirectUri], Kind: "github-app", DeviceFlow: deviceFlow), settings: settings);
        return new OAuthClient(Http, client.ClientId, null, client.RedirectUri); // device flow sends no secret
    }

    private async Task<System.Collections.Specialized.NameValueCollection> StartForm(OAuthClient client)
    {
        using var response = await client.TokenAsync(CodeUrl, new Dictionary<string, string> { ["scope"] = "repo" }, accept: null);
        return System.Web.HttpUtility.ParseQueryString(await response.Content.ReadAsStringAsync());
    }

    private async Task<System.Text.Json.JsonElement> Poll(OAuthClient client, string deviceCode)
    {
        using var response = await client.TokenAsync(TokenUrl, new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
            ["device_code"] = deviceCode,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonOf(response);
    }

    [Fact]
    public async Task Device_flow_pending_then_slow_down_then_approved_token_that_refreshes_without_secret()
    {
        var client = await DeviceApp();
        var start = await StartForm(client);
        Assert.Equal(40, start["device_code"]!.Length);
        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}$", start["user_code"]);
        Assert.Equal(Url("github", "/login/device"), start["verification_uri"]);
        Assert.Equal("5", start["interval"]);
        Assert.Equal("900", start["expires_in"]);

        Assert.Equal("authorization_pending", (await Poll(client, start["device_code"]!)).GetProperty("error").GetString());
        var slow = await Poll(client, start["device_code"]!);
        Assert.Equal("slow_down", slow.GetProperty("error").GetString());
        Assert.Equal(10, slow.GetProperty("interval").GetInt32());

        await Control.ApproveDeviceAsync("github", start["user_code"]!, "alice");
        var tokens = await Poll(client, start["device_code"]!);
        Assert.StartsWith("ghu_", tokens.GetProperty("access_token").GetString());

        using var refreshed = await client.RefreshAsync(TokenUrl, tokens.GetProperty("refresh_token").GetString()!);
        Assert.True((await JsonOf(refreshed)).TryGetProperty("access_token", out _));
        Assert.Equal("incorrect_device_code", (await Poll(client, start["device_code"]!)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Denied_device_code_answers_access_denied()
    {
        var client = await DeviceApp();
        var start = await StartForm(client);
        await Control.DenyDeviceAsync("github", start["user_code"]!);
        Assert.Equal("access_denied", (await Poll(client, start["device_code"]!)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Expired_device_code_answers_expired_token()
    {
        var client = await DeviceApp(settings: new InstanceSettingsDto(DeviceCodeLifetimeSeconds: 1));
        var start = await StartForm(client);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal("expired_token", (await Poll(client, start["device_code"]!)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Device_flow_must_be_enabled_on_the_app()
    {
        var client = await DeviceApp(deviceFlow: false);
        using var response = await client.TokenAsync(CodeUrl, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("device_flow_disabled", (await JsonOf(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task User_can_enter_the_code_on_the_device_page()
    {
        var client = await DeviceApp();
        var start = await StartForm(client);
        using var page = await Http.GetAsync(start["verification_uri"]);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"user_code\"", html);
        Assert.Contains("id=\"approve\"", html);

        using var submit = await Http.PostAsync(start["verification_uri"], new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user_code"] = start["user_code"]!.ToLowerInvariant().Replace("-", ""),
            ["login"] = "alice",
            ["decision"] = "approve",
        }));
        Assert.Contains("data-outcome=\"approved\"", await submit.Content.ReadAsStringAsync());
        Assert.StartsWith("ghu_", (await Poll(client, start["device_code"]!)).GetProperty("access_token").GetString());
    }
}
