using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Web;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// A single-use sign-in link signs in only through the confirming POST of the web UI's page: opening it (as a
/// browser, an API caller, an image tag or a mail scanner would) leaves it unused, and no other site can post it.
/// (The page itself is tested in a real browser: tests/EndToEnd/Browser/SignInLinkPageTests.)
/// </summary>
public sealed class SignInLinkTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Opening_a_link_signs_nobody_in_and_leaves_it_unused()
    {
        await _gateway.CreateUserAsync("grace");
        var (link, key) = await NewLinkAsync("grace");
        using var browser = _gateway.Browser();

        var page = await browser.NavigateAsync(link);
        var described = await browser.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/js/main.js", await page.Content.ReadAsStringAsync());
        Assert.Equal("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(HttpStatusCode.OK, described.StatusCode);
        var account = await Json.ReadAsync(described);
        Assert.Equal(Json.Sorted("username", "expires_at"), Json.Fields(account));
        Assert.Equal("grace", account["username"]!.GetValue<string>());
        Assert.Contains("Accept", page.Headers.Vary);
        Assert.Contains("Accept", described.Headers.Vary);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.False(described.Headers.Contains("Set-Cookie"));
        await Json.AssertErrorAsync(await browser.GetAsync("api/v2/users/me"), 401);
        Assert.Equal(HttpStatusCode.NoContent, (await Confirm(browser, key)).StatusCode); // still unused
    }

    [Fact]
    public async Task The_confirming_post_signs_in_once()
    {
        var heidi = await _gateway.CreateUserAsync("heidi");
        var (link, key) = await NewLinkAsync("heidi");
        using var browser = _gateway.Browser();

        var confirmed = await Confirm(browser, key);

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        var setCookie = Assert.Single(confirmed.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SessionCredentials.CookieName + "=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(heidi.Id, (await Json.ReadAsync(await browser.GetAsync("api/v2/users/me")))["id"]!.GetValue<string>());

        using var other = _gateway.Browser();
        await Json.AssertErrorAsync(await Confirm(other, key), 400);
        await Json.AssertErrorAsync(await other.GetAsync(link), 400);
        Assert.Null(other.Cookie(SessionCredentials.CookieName));
    }

    [Fact]
    public async Task Two_confirmations_at_once_sign_in_one_browser()
    {
        await _gateway.CreateUserAsync("ivan");
        var (_, key) = await NewLinkAsync("ivan");
        var browsers = Enumerable.Range(0, 6).Select(_ => _gateway.Browser()).ToList();

        var answers = await Task.WhenAll(browsers.Select(b => Confirm(b, key)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
        Assert.Single(browsers, b => b.Cookie(SessionCredentials.CookieName) is not null);
        browsers.ForEach(b => b.Dispose());
    }

    /// <summary>What a page of another site can send without a CORS preflight: forms (urlencoded, multipart, text/plain).
    /// None signs in, and the link stays usable by its owner.</summary>
    [Fact]
    public async Task A_post_another_site_could_send_is_refused_and_spends_nothing()
    {
        await _gateway.CreateUserAsync("mallory");
        var (_, key) = await NewLinkAsync("mallory");
        using var victim = _gateway.Browser();
        HttpContent[] crossSite =
        [
            new FormUrlEncodedContent([new("key", key)]),
            new MultipartFormDataContent { { new StringContent(key), "key" } },
            new StringContent($$"""{"key":"{{key}}"}""", Encoding.UTF8, "text/plain"),
        ];

        foreach (var content in crossSite)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "login/token") { Content = content };
            request.Headers.TryAddWithoutValidation("Origin", "https://attacker.example");
            await Json.AssertErrorAsync(await victim.SendAsync(request), 415);
        }

        Assert.Null(victim.Cookie(SessionCredentials.CookieName));
        Assert.Equal("mallory", (await Json.ReadAsync(await victim.GetAsync($"login/token?key={key}")))["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_a_live_sign_in_link_is_described_or_taken()
    {
        var judy = await _gateway.CreateUserAsync("judy");
        using var browser = _gateway.Browser();

        // A session key is not a sign-in link, even a valid one.
        foreach (var key in new[] { judy.Token, new string('A', 43), "", "not a key" })
        {
            await Json.AssertErrorAsync(await browser.GetAsync($"login/token?key={Uri.EscapeDataString(key)}"), 400);
            await Json.AssertErrorAsync(await Confirm(browser, key), 400);
        }
        await Json.AssertErrorAsync(await browser.GetAsync("login/token"), 400);
        Assert.Null(browser.Cookie(SessionCredentials.CookieName));
    }

    private async Task<(string Link, string Key)> NewLinkAsync(string username)
    {
        var link = (await Json.ReadAsync(await _gateway.Admin.PostAsync($"api/v2/users/{username}/login-link", null)))["url"]!.GetValue<string>();
        return (link, HttpUtility.ParseQueryString(new Uri(link).Query)["key"]!);
    }

    /// <summary>What the web UI's "Sign in as …" button sends.</summary>
    private static Task<HttpResponseMessage> Confirm(Browser browser, string key) =>
        browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "login/token") { Content = JsonContent.Create(new { key }) });
}
