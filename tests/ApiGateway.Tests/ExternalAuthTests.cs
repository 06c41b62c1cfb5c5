using System.Net;
using System.Net.Http.Json;
using System.Web;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

public sealed class ExternalAuthTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task The_list_has_Coders_exact_shape()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        await _gateway.LinkAsync(alice, "github");

        var list = await Json.ReadAsync(await alice.Api.GetAsync("api/v2/external-auth"));

        Assert.Equal(Json.Sorted("links", "providers"), Json.Fields(list));
        var providers = list["providers"]!.AsArray();
        Assert.Equal(["github", "gitlab"], providers.Select(p => p!["id"]!.GetValue<string>()).Order());
        var github = providers.Single(p => p!["id"]!.GetValue<string>() == "github")!;
        Assert.Equal(Json.Sorted("id", "type", "device", "display_name", "display_icon", "allow_refresh", "allow_validate",
            "supports_revocation", "code_challenge_methods_supported"), Json.Fields(github));
        Assert.Equal("github", github["type"]!.GetValue<string>());
        Assert.True(github["device"]!.GetValue<bool>());
        Assert.Equal("GitHub (emulated)", github["display_name"]!.GetValue<string>());
        Assert.True(github["allow_validate"]!.GetValue<bool>());
        Assert.True(github["supports_revocation"]!.GetValue<bool>());
        Assert.Equal(["S256"], github["code_challenge_methods_supported"]!.AsArray().Select(m => m!.GetValue<string>()));
        var link = Assert.Single(list["links"]!.AsArray())!;
        Assert.Equal(Json.Sorted("provider_id", "created_at", "updated_at", "has_refresh_token", "expires", "authenticated", "validate_error"),
            Json.Fields(link));
        Assert.Equal("github", link["provider_id"]!.GetValue<string>());
        Assert.True(link["authenticated"]!.GetValue<bool>());
        Assert.True(link["has_refresh_token"]!.GetValue<bool>());
        Assert.Equal("", link["validate_error"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(link["expires"]!.GetValue<string>()) > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task One_provider_has_Coders_exact_shape_before_and_after_linking()
    {
        var bob = await _gateway.CreateUserAsync("bob");

        var before = await Json.ReadAsync(await bob.Api.GetAsync("api/v2/external-auth/github"));
        await _gateway.LinkAsync(bob, "github");
        var after = await Json.ReadAsync(await bob.Api.GetAsync("api/v2/external-auth/github"));

        var fields = Json.Sorted("authenticated", "device", "display_name", "supports_revocation", "user", "app_installable", "installations", "app_install_url");
        Assert.Equal(fields, Json.Fields(before));
        Assert.False(before["authenticated"]!.GetValue<bool>());
        Assert.Null(before["user"]);
        Assert.Empty(before["installations"]!.AsArray());
        Assert.Equal(fields, Json.Fields(after));
        Assert.True(after["authenticated"]!.GetValue<bool>());
        var user = after["user"]!;
        Assert.Equal(Json.Sorted("id", "login", "avatar_url", "profile_url", "name", "email"), Json.Fields(user));
        Assert.Equal(TestGateway.Login, user["login"]!.GetValue<string>());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, user["id"]!.GetValueKind());
        Assert.Equal("octo@example.test", user["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_provider_is_404_everywhere()
    {
        var carol = await _gateway.CreateUserAsync("carol");

        await Json.AssertErrorAsync(await carol.Api.GetAsync("api/v2/external-auth/nope"), 404);
        await Json.AssertErrorAsync(await carol.Api.DeleteAsync("api/v2/external-auth/nope"), 404);
        await Json.AssertErrorAsync(await carol.Api.GetAsync("api/v2/external-auth/nope/device"), 404);
        await Json.AssertErrorAsync(await carol.Api.GetAsync("api/v2/external-auth/Bad_Id!/repositories"), 404);
        await Json.AssertErrorAsync(await carol.Api.GetAsync("api/v2/external-auth/nope/ssh-key"), 404);
        await Json.AssertErrorAsync(await carol.Api.PutAsJsonAsync("api/v2/external-auth/nope/token", new { token = "x" }), 404);
        using var browser = _gateway.BrowserFor(carol);
        await Json.AssertErrorAsync(await browser.GetAsync("external-auth/nope/callback"), 404);
    }

    [Fact]
    public async Task The_web_flow_redirects_with_state_and_PKCE_and_comes_back_to_the_UI()
    {
        var dave = await _gateway.CreateUserAsync("dave");
        using var browser = _gateway.BrowserFor(dave);

        var start = await browser.GetAsync("external-auth/github/callback?redirect=/settings/git");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(_gateway.Emulator.InstanceUrl("gh") + "/login/oauth/authorize", authorize.ToString());
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.Equal($"{_gateway.BaseUrl}/external-auth/github/callback", query["redirect_uri"]);

        var back = await browser.GetAsync((await browser.GetAsync(authorize.ToString())).Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, back.StatusCode);
        Assert.Equal("/settings/git", back.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Without_a_local_redirect_the_flow_ends_on_the_providers_page()
    {
        var erin = await _gateway.CreateUserAsync("erin");
        using var browser = _gateway.BrowserFor(erin);

        var start = await browser.GetAsync("external-auth/github/callback?redirect=https://evil.example/");
        var back = await browser.GetAsync((await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!.ToString());

        Assert.Equal("/external-auth/github?redirected=true", back.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_wrong_or_reused_state_is_400_and_stores_nothing()
    {
        var frank = await _gateway.CreateUserAsync("frank");
        var (callback, _) = await _gateway.LinkAsync(frank, "github");
        await frank.Api.DeleteAsync("api/v2/external-auth/github");
        using var browser = _gateway.BrowserFor(frank);

        await Json.AssertErrorAsync(await browser.GetAsync(callback.PathAndQuery), 400);
        var start = await browser.GetAsync("external-auth/github/callback");
        var fresh = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
        var code = HttpUtility.ParseQueryString(fresh.Query)["code"];
        await Json.AssertErrorAsync(await browser.GetAsync($"external-auth/github/callback?code={code}&state=not-the-state"), 400);

        var status = await Json.ReadAsync(await frank.Api.GetAsync("api/v2/external-auth/github"));
        Assert.False(status["authenticated"]!.GetValue<bool>());
        Assert.Empty((await Json.ReadAsync(await frank.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());
    }

    [Fact]
    public async Task A_refusal_at_the_provider_is_400_and_stores_nothing()
    {
        var grace = await _gateway.CreateUserAsync("grace");
        using var browser = _gateway.BrowserFor(grace);
        var start = await browser.GetAsync("external-auth/github/callback");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];

        var refused = await browser.GetAsync($"external-auth/github/callback?error=access_denied&error_description=no&state={state}");

        await Json.AssertErrorAsync(refused, 400);
        Assert.Empty((await Json.ReadAsync(await grace.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());
    }

    [Fact]
    public async Task Linking_needs_a_signed_in_user()
    {
        using var browser = _gateway.Browser();

        await Json.AssertErrorAsync(await browser.GetAsync("external-auth/github/callback"), 401);
        await Json.AssertErrorAsync(await browser.GetAsync("external-auth/github/callback?code=abc&state=def"), 401);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/external-auth"), 404);
    }

    [Fact]
    public async Task Unlinking_revokes_and_removes_the_link_and_a_second_unlink_is_404()
    {
        var heidi = await _gateway.CreateUserAsync("heidi");
        await _gateway.LinkAsync(heidi, "github");
        var token = (await Json.ReadAsync(await heidi.Api.GetAsync($"api/v2/git/credentials?id=github")))["access_token"]!.GetValue<string>();

        var deleted = await heidi.Api.DeleteAsync("api/v2/external-auth/github");

        var body = await Json.ReadAsync(deleted);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["token_revoked"], Json.Fields(body));
        Assert.True(body["token_revoked"]!.GetValue<bool>());
        Assert.False((await _gateway.Emulator.Client.IntrospectAsync(token)).Active);
        Assert.Empty((await Json.ReadAsync(await heidi.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());
        await Json.AssertErrorAsync(await heidi.Api.DeleteAsync("api/v2/external-auth/github"), 404);
    }

    [Fact]
    public async Task Another_users_link_is_out_of_reach()
    {
        var ivan = await _gateway.CreateUserAsync("ivan");
        var judy = await _gateway.CreateUserAsync("judy");
        await _gateway.LinkAsync(ivan, "github");

        await Json.AssertErrorAsync(await judy.Api.DeleteAsync("api/v2/external-auth/github"), 404);
        Assert.False((await Json.ReadAsync(await judy.Api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
        Assert.Empty((await Json.ReadAsync(await judy.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());
        await Json.AssertErrorAsync(await judy.Api.GetAsync($"api/v2/users/{ivan.Id}"), 404);
        await Json.AssertErrorAsync(await judy.Api.GetAsync("api/v2/users/ivan/keys"), 404);
        Assert.True((await Json.ReadAsync(await ivan.Api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_device_flow_links_once_the_user_approves()
    {
        var kim = await _gateway.CreateUserAsync("kim");

        var start = await kim.Api.GetAsync("api/v2/external-auth/github/device");
        var device = await Json.ReadAsync(start);
        Assert.Equal(Json.Sorted("device_code", "user_code", "verification_uri", "expires_in", "interval"), Json.Fields(device));
        var deviceCode = device["device_code"]!.GetValue<string>();

        var pending = await kim.Api.PostAsJsonAsync("api/v2/external-auth/github/device", new { device_code = deviceCode });
        var error = await Json.AssertErrorAsync(pending, 400);
        Assert.Equal("authorization_pending", error["detail"]!.GetValue<string>());

        await _gateway.Emulator.Client.ApproveDeviceAsync("gh", device["user_code"]!.GetValue<string>(), TestGateway.Login);
        await Task.Delay(TimeSpan.FromSeconds(device["interval"]!.GetValue<int>()));
        var linked = await kim.Api.PostAsJsonAsync("api/v2/external-auth/github/device", new { device_code = deviceCode });

        Assert.Equal(HttpStatusCode.NoContent, linked.StatusCode);
        Assert.True((await Json.ReadAsync(await kim.Api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_provider_without_device_flow_says_so_with_400()
    {
        var leo = await _gateway.CreateUserAsync("leo");

        var error = await Json.AssertErrorAsync(await leo.Api.GetAsync("api/v2/external-auth/gitlab/device"), 400);
        Assert.Equal("Git auth device flow not supported.", error["message"]!.GetValue<string>());
        await Json.AssertErrorAsync(await leo.Api.PostAsJsonAsync("api/v2/external-auth/github/device", new { device_code = "" }), 400);
    }
}
