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
        foreach (var provider in providers)
            CoderTypes.ExternalAuthLinkProvider.AssertMatches(provider);
        var github = providers.Single(p => p!["id"]!.GetValue<string>() == "github")!;
        Assert.Equal("github", github["type"]!.GetValue<string>());
        Assert.True(github["device"]!.GetValue<bool>());
        Assert.Equal("GitHub (emulated)", github["display_name"]!.GetValue<string>());
        Assert.True(github["allow_validate"]!.GetValue<bool>());
        Assert.True(github["supports_revocation"]!.GetValue<bool>());
        Assert.Equal(["S256"], github["code_challenge_methods_supported"]!.AsArray().Select(m => m!.GetValue<string>()));
        var link = Assert.Single(list["links"]!.AsArray())!;
        CoderTypes.ExternalAuthLink.AssertMatches(link);
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

        CoderTypes.ExternalAuth.AssertMatches(before);
        Assert.False(before["authenticated"]!.GetValue<bool>());
        Assert.False(before["app_installable"]!.GetValue<bool>());
        Assert.Null(before["user"]);
        Assert.Empty(before["installations"]!.AsArray());
        CoderTypes.ExternalAuth.AssertMatches(after);
        Assert.True(after["authenticated"]!.GetValue<bool>());
        // An OAuth App's token may not list installations (GitHub answers 403): Coder says not installable.
        Assert.False(after["app_installable"]!.GetValue<bool>());
        var user = after["user"]!;
        CoderTypes.ExternalAuthUser.AssertMatches(user, "account_id", "email");
        Assert.Equal(TestGateway.Login, user["login"]!.GetValue<string>());
        Assert.Equal(user["account_id"]!.GetValue<string>(), user["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture));
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
    public async Task A_wrong_or_reused_state_is_401_and_stores_nothing()
    {
        var frank = await _gateway.CreateUserAsync("frank");
        var (callback, _) = await _gateway.LinkAsync(frank, "github");
        await frank.Api.DeleteAsync("api/v2/external-auth/github");
        using var browser = _gateway.BrowserFor(frank);

        var reused = await Json.AssertErrorAsync(await browser.GetAsync(callback.PathAndQuery), 401);
        var start = await browser.GetAsync("external-auth/github/callback");
        var fresh = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
        var code = HttpUtility.ParseQueryString(fresh.Query)["code"];
        var wrong = await Json.AssertErrorAsync(await browser.GetAsync($"external-auth/github/callback?code={code}&state=not-the-state"), 401);

        Assert.Equal($"Cookie \"{GitIntegration.ApiGateway.Auth.WebFlowCookie.Name}\" must be provided.", reused["message"]!.GetValue<string>());
        Assert.Equal("State mismatched.", wrong["message"]!.GetValue<string>());
        var status = await Json.ReadAsync(await frank.Api.GetAsync("api/v2/external-auth/github"));
        Assert.False(status["authenticated"]!.GetValue<bool>());
        Assert.Empty((await Json.ReadAsync(await frank.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());
        // A wrong state does not spend the flow: the real callback still completes it.
        Assert.Equal(HttpStatusCode.TemporaryRedirect, (await browser.GetAsync(fresh.PathAndQuery)).StatusCode);
        Assert.True((await Json.ReadAsync(await frank.Api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_state_from_another_browser_is_401()
    {
        var olga = await _gateway.CreateUserAsync("olga");
        using var starter = _gateway.BrowserFor(olga);
        var start = await starter.GetAsync("external-auth/github/callback");
        var callback = (await starter.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;

        using var other = _gateway.BrowserFor(olga);
        await Json.AssertErrorAsync(await other.GetAsync(callback.PathAndQuery), 401);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, (await starter.GetAsync(callback.PathAndQuery)).StatusCode);
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
    public async Task Linking_without_a_session_sends_the_browser_to_sign_in_and_back()
    {
        using var browser = _gateway.Browser();

        var start = await browser.GetAsync("external-auth/github/callback?redirect=/settings/git");
        var completing = await browser.GetAsync("external-auth/github/callback?code=abc&state=def");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, start.StatusCode);
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString("/external-auth/github/callback?redirect=/settings/git"), start.Headers.Location!.ToString());
        Assert.Equal("/login?redirect=" + Uri.EscapeDataString("/external-auth/github/callback?code=abc&state=def"), completing.Headers.Location!.ToString());
        var signInPage = await browser.GetAsync(start.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, signInPage.StatusCode);
        Assert.StartsWith("text/html", signInPage.Content.Headers.ContentType?.MediaType);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/external-auth"), 404);
    }

    [Fact]
    public async Task A_session_that_ended_during_the_flow_signs_in_again_and_the_callback_completes()
    {
        var pat = await _gateway.CreateUserAsync("pat");
        using var browser = _gateway.BrowserFor(pat);
        var start = await browser.GetAsync("external-auth/github/callback");
        var callback = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
        foreach (var cookie in browser.Cookies.GetAllCookies().Where(c => c.Name == GitIntegration.ApiGateway.Auth.SessionCredentials.CookieName))
            cookie.Expired = true;

        var toSignIn = await browser.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, toSignIn.StatusCode);
        var signIn = new Uri(new Uri(_gateway.BaseUrl), toSignIn.Headers.Location!);
        Assert.Equal("/login", signIn.AbsolutePath);
        var back = HttpUtility.ParseQueryString(signIn.Query)["redirect"]!;
        Assert.Equal(callback.PathAndQuery, back);

        // What the sign-in page does with a pasted key, then where it sends the browser.
        var session = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v2/sessions") { Content = JsonContent.Create(new { key = pat.Token }) });
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        var done = await browser.GetAsync(back);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, done.StatusCode);
        Assert.Equal("/external-auth/github?redirected=true", done.Headers.Location!.ToString());
        Assert.True((await Json.ReadAsync(await pat.Api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
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
    public async Task A_provider_without_device_flow_says_so_with_400_in_coders_words()
    {
        var leo = await _gateway.CreateUserAsync("leo");

        var start = await Json.AssertErrorAsync(await leo.Api.GetAsync("api/v2/external-auth/gitlab/device"), 400);
        var poll = await Json.AssertErrorAsync(await leo.Api.PostAsJsonAsync("api/v2/external-auth/gitlab/device", new { device_code = "x" }), 400);

        Assert.Equal("Git auth device flow not supported.", start["message"]!.GetValue<string>());
        Assert.Equal("Git auth provider does not support device flow.", poll["message"]!.GetValue<string>());
        CoderTypes.Response.AssertMatches(poll);
        await Json.AssertErrorAsync(await leo.Api.PostAsJsonAsync("api/v2/external-auth/github/device", new { device_code = "" }), 400);
    }
}
