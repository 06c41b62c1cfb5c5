using System.Net;
using System.Net.Http.Json;
using System.Text;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>Status codes, bodies and credentials where this service once differed from Coder's external-auth API.</summary>
public sealed class CoderCompatibilityTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    /// <summary>codersdk.Client.ExternalAuthDeviceExchange: a JSON body with no Content-Type header.</summary>
    private static HttpContent CodersdkBody(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        Assert.Null(content.Headers.ContentType);
        return content;
    }

    [Fact]
    public async Task The_device_exchange_is_read_as_JSON_without_a_content_type()
    {
        var ann = await _gateway.CreateUserAsync("ann");
        var device = await Json.ReadAsync(await ann.Api.GetAsync("api/v2/external-auth/github/device"));
        var deviceCode = device["device_code"]!.GetValue<string>();

        var pending = await ann.Api.PostAsync("api/v2/external-auth/github/device", CodersdkBody($$"""{"device_code":"{{deviceCode}}"}"""));
        var error = await Json.AssertErrorAsync(pending, 400);
        Assert.Equal("Failed to exchange device code.", error["message"]!.GetValue<string>());
        Assert.Equal("authorization_pending", error["detail"]!.GetValue<string>());
        CoderTypes.Response.AssertMatches(error, "detail");

        await _gateway.Emulator.Client.ApproveDeviceAsync("gh", device["user_code"]!.GetValue<string>(), TestGateway.Login);
        await Task.Delay(TimeSpan.FromSeconds(device["interval"]!.GetValue<int>()));
        var linked = await ann.Api.PostAsync("api/v2/external-auth/github/device", CodersdkBody($$"""{"device_code":"{{deviceCode}}"}"""));

        Assert.Equal(HttpStatusCode.NoContent, linked.StatusCode);
        Assert.True((await Json.ReadAsync(await ann.Api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
        await Json.AssertErrorAsync(await ann.Api.PostAsync("api/v2/external-auth/github/device", CodersdkBody("not json")), 400);
    }

    [Fact]
    public async Task A_provider_refusing_the_device_flow_is_502_with_coders_message_and_its_reason()
    {
        var ben = await _gateway.CreateUserAsync("ben");
        var github = _gateway.Provider("github");
        // The app at the provider no longer allows the device flow, while this service still offers it.
        await _gateway.Emulator.Client.RegisterAppAsync("gh", new RegisterAppRequest(github.ClientId, github.ClientSecret,
            [$"{_gateway.BaseUrl}/external-auth/github/callback"], DeviceFlow: false));

        var error = await Json.AssertErrorAsync(await ben.Api.GetAsync("api/v2/external-auth/github/device"), 502);

        Assert.Equal("Failed to authorize device.", error["message"]!.GetValue<string>());
        Assert.Contains("device_flow_disabled", error["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Coders_session_cookie_and_query_parameter_are_accepted()
    {
        var cal = await _gateway.CreateUserAsync("cal");
        using var browser = _gateway.Browser();
        browser.Cookies.Add(new Uri(_gateway.BaseUrl), new Cookie(SessionCredentials.CoderName, cal.Token));
        using var anonymous = _gateway.Client();

        var byCookie = await browser.GetAsync("api/v2/users/me");
        var byQuery = await anonymous.GetAsync($"api/v2/users/me?coder_session_token={Uri.EscapeDataString(cal.Token)}");
        var wrong = await anonymous.GetAsync("api/v2/users/me?coder_session_token=not-a-token");

        Assert.Equal("cal", (await Json.ReadAsync(byCookie))["username"]!.GetValue<string>());
        Assert.Equal("cal", (await Json.ReadAsync(byQuery))["username"]!.GetValue<string>());
        await Json.AssertErrorAsync(wrong, 401);
    }

    [Fact]
    public async Task A_header_token_wins_over_the_query_parameter()
    {
        var dee = await _gateway.CreateUserAsync("dee");
        var eve = await _gateway.CreateUserAsync("eve");

        var me = await Json.ReadAsync(await dee.Api.GetAsync($"api/v2/users/me?coder_session_token={Uri.EscapeDataString(eve.Token)}"));

        Assert.Equal("dee", me["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_leave_out_an_empty_detail_and_empty_validations_as_coder_does()
    {
        var fay = await _gateway.CreateUserAsync("fay");

        var bare = await Json.AssertErrorAsync(await fay.Api.GetAsync("api/v2/external-auth/gitlab/device"), 400);
        var withDetail = await Json.AssertErrorAsync(await fay.Api.GetAsync("api/v2/external-auth/nope"), 404);
        var withValidations = await Json.AssertErrorAsync(await fay.Api.PostAsJsonAsync("api/v2/external-auth/github/device", new { device_code = "" }), 400);

        CoderTypes.Response.AssertMatches(bare);
        CoderTypes.Response.AssertMatches(withDetail, "detail");
        CoderTypes.Response.AssertMatches(withValidations, "detail", "validations");
    }

    [Fact]
    public async Task A_GitHub_App_whose_installations_could_be_listed_is_app_installable()
    {
        var gus = await _gateway.CreateUserAsync("gus");
        var github = _gateway.Provider("github");
        await _gateway.Emulator.Client.RegisterAppAsync("gh", new RegisterAppRequest(github.ClientId, github.ClientSecret,
            [$"{_gateway.BaseUrl}/external-auth/github/callback"], Kind: "github-app", DeviceFlow: true));
        await _gateway.Emulator.Client.SeedInstallationAsync("gh", TestGateway.Login,
            new SeedInstallation(AccountLogin: TestGateway.Login, ClientId: github.ClientId));
        await _gateway.LinkAsync(gus, "github");

        var details = await Json.ReadAsync(await gus.Api.GetAsync("api/v2/external-auth/github"));

        CoderTypes.ExternalAuth.AssertMatches(details);
        Assert.True(details["app_installable"]!.GetValue<bool>());
        var installation = Assert.Single(details["installations"]!.AsArray())!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, installation["id"]!.GetValueKind());
        CoderTypes.ExternalAuthUser.AssertMatches(installation["account"], "account_id", "email");
    }
}
