using System.Net;
using System.Web;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// A failed OAuth callback opened by a browser (Accept: text/html) sends it to a page of the web UI, with a reason
/// from a fixed list and nothing stored; the same request from an API caller keeps Coder's JSON and status.
/// (What the page shows is tested in a real browser: tests/EndToEnd/Browser/CallbackFailurePageTests.)
/// </summary>
public sealed class CallbackFailurePageTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_refusal_at_the_provider_sends_a_browser_to_the_providers_page_and_an_API_caller_gets_400()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        using var browser = _gateway.BrowserFor(alice);
        var state = await StartLinkingAsync(browser);

        var refused = await browser.NavigateAsync($"external-auth/github/callback?error=access_denied&error_description=no&state={state}");

        AssertSentTo(refused, "/external-auth/github", ("error", "access_denied"));
        Assert.Null(browser.Cookie(WebFlowCookie.Name)); // the flow is spent
        var page = await browser.NavigateAsync(refused.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await Json.ReadAsync(await alice.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());

        using var api = _gateway.BrowserFor(alice);
        var apiState = await StartLinkingAsync(api);
        await Json.AssertErrorAsync(await api.GetAsync($"external-auth/github/callback?error=access_denied&state={apiState}"), 400);
    }

    [Theory]
    [InlineData("invalid_scope", "invalid_scope")]
    [InlineData("temporarily_unavailable", "temporarily_unavailable")]
    [InlineData("<b>Call us</b>", null)]
    [InlineData("Your account is locked, call 555", null)]
    public async Task A_providers_error_code_is_passed_on_only_when_it_has_the_form_of_one(string error, string? passedOn)
    {
        var bob = await _gateway.CreateUserAsync("bob");
        using var browser = _gateway.BrowserFor(bob);
        var state = await StartLinkingAsync(browser);

        var refused = await browser.NavigateAsync($"external-auth/github/callback?error={Uri.EscapeDataString(error)}&state={state}");

        AssertSentTo(refused, "/external-auth/github", ("error", "provider_error"), ("provider_error", passedOn));
    }

    [Fact]
    public async Task A_wrong_state_or_no_flow_in_this_browser_is_a_page_for_a_browser_and_401_for_an_API_caller()
    {
        var carol = await _gateway.CreateUserAsync("carol");
        using var browser = _gateway.BrowserFor(carol);
        var state = await StartLinkingAsync(browser);

        var wrong = await browser.NavigateAsync("external-auth/github/callback?code=any&state=not-the-state");
        using var fresh = _gateway.BrowserFor(carol);
        var noFlow = await fresh.NavigateAsync($"external-auth/github/callback?code=any&state={state}");

        AssertSentTo(wrong, "/external-auth/github", ("error", "state_mismatch"));
        AssertSentTo(noFlow, "/external-auth/github", ("error", "no_flow"));
        await Json.AssertErrorAsync(await browser.GetAsync("external-auth/github/callback?code=any&state=not-the-state"), 401);
        await Json.AssertErrorAsync(await fresh.GetAsync($"external-auth/github/callback?code=any&state={state}"), 401);
        Assert.Empty((await Json.ReadAsync(await carol.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());
    }

    [Fact]
    public async Task A_provider_that_is_down_when_the_code_is_exchanged_is_reported_as_unavailable()
    {
        var dave = await _gateway.CreateUserAsync("dave");
        using var browser = _gateway.BrowserFor(dave);
        var start = await browser.NavigateAsync("external-auth/github/callback");
        var callback = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
        await _gateway.Emulator.Client.AddFaultAsync(new FaultSpec(Instance: "gh", Endpoint: "token", Status: 503, Count: 100));

        var failed = await browser.NavigateAsync(callback.PathAndQuery);

        AssertSentTo(failed, "/external-auth/github", ("error", "unavailable"));
        Assert.Empty((await Json.ReadAsync(await dave.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray());
    }

    [Fact]
    public async Task An_unknown_provider_is_a_page_for_a_browser_and_404_for_an_API_caller()
    {
        var erin = await _gateway.CreateUserAsync("erin");
        using var browser = _gateway.BrowserFor(erin);

        AssertSentTo(await browser.NavigateAsync("external-auth/nope/callback"), "/external-auth/nope", ("error", "not_found"));
        await Json.AssertErrorAsync(await browser.GetAsync("external-auth/nope/callback"), 404);
    }

    [Fact]
    public async Task A_refused_sign_in_sends_a_browser_to_the_sign_in_page_with_the_provider_and_where_it_was_going()
    {
        using var browser = _gateway.Browser();
        var start = await browser.NavigateAsync("login/github?redirect=/settings/ssh-key");
        var state = HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"];

        var refused = await browser.NavigateAsync($"external-auth/github/callback?error=access_denied&state={state}");

        AssertSentTo(refused, "/login", ("error", "access_denied"), ("provider", "github"), ("redirect", "/settings/ssh-key"));
        Assert.Null(browser.Cookie(SessionCredentials.CookieName));
        Assert.Null(browser.Cookie(SignInFlowCookie.Name));
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync($"api/v2/users/{TestGateway.Login}"), 404);
    }

    [Fact]
    public async Task A_sign_in_callback_with_another_state_is_a_page_for_a_browser_and_401_for_an_API_caller()
    {
        using var browser = _gateway.Browser();
        await browser.NavigateAsync("login/github");

        var wrong = await browser.NavigateAsync("external-auth/github/callback?code=any&state=forged");

        AssertSentTo(wrong, "/login", ("error", "state_mismatch"), ("provider", "github"));
        await Json.AssertErrorAsync(await browser.GetAsync("external-auth/github/callback?code=any&state=forged"), 401);
        Assert.Null(browser.Cookie(SessionCredentials.CookieName));
    }

    /// <summary>Starts linking GitHub in this browser; the state the provider will send back.</summary>
    private static async Task<string> StartLinkingAsync(Browser browser)
    {
        var start = await browser.NavigateAsync("external-auth/github/callback");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, start.StatusCode);
        return HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"]!;
    }

    /// <summary>A redirect to a page of this site with exactly these query parameters (null: must be absent).</summary>
    private static void AssertSentTo(HttpResponseMessage response, string path, params (string Name, string? Value)[] query)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(new Uri("http://site"), response.Headers.Location!);
        Assert.Equal("http://site", location.GetLeftPart(UriPartial.Authority)); // a path on this site, not elsewhere
        Assert.Equal(path, location.AbsolutePath);
        var actual = HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(query.Where(p => p.Value is not null).Select(p => p.Name).Order(), actual.AllKeys.Order()!);
        foreach (var (name, value) in query)
            Assert.Equal(value, actual[name]);
    }
}
