using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>
/// Single-use sign-in links in Chromium: opening one names the account and signs in only after a click; a link
/// someone else planted (followed, or fired from another site's page) leaves a signed-in browser as it was.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInLinkPageTests(BrowserFixture fixture)
{
    private DemoService Demo => fixture.Demo;

    [Fact]
    public async Task A_sign_in_link_names_the_account_and_signs_in_only_after_the_click()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_sign_in_link_names_the_account_and_signs_in_only_after_the_click));
        var page = browser.Page;
        await Demo.CreateUserWithKeyAsync("lena");
        var link = await Demo.CreateSignInLinkAsync("lena");
        browser.Secret(KeyOf(link));

        await page.GotoAsync(link);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in as lena?", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-in-link-user")).ToHaveTextAsync("lena");
        await Expect(page.GetByText("Continue only if you asked for this link.")).ToBeVisibleAsync();
        await Expect(page.Locator("#account")).ToBeEmptyAsync();
        Assert.Equal("lena", await LinkAccountAsync(link)); // opening it used nothing up
        await browser.ShotAsync("sign-in-link-asks");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as lena" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Git providers", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#account")).ToContainTextAsync("Signed in as lena");
        await browser.ShotAsync("signed-in-with-the-link");

        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This sign-in link cannot be used", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("invalid, expired or already used");
        await browser.ShotAsync("used-link-refused");
    }

    [Fact]
    public async Task A_link_someone_planted_leaves_a_signed_in_browser_as_it_was()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_link_someone_planted_leaves_a_signed_in_browser_as_it_was));
        var page = browser.Page;
        await browser.SignInWithKeyAsync(await Demo.CreateUserWithKeyAsync("victor"), "Git providers");
        await Demo.CreateUserWithKeyAsync("planter");
        // Not a secret of this user's: Chromium itself quotes the link when it refuses to frame it.
        var planted = await Demo.CreateSignInLinkAsync("planter");

        // Another site fires the link at the service every way a page can without the user: an image, a frame,
        // scripts posting the key (JSON needs a CORS preflight, which fails), and a form posted on load. Beside them,
        // controls the service lets other sites load, proving the browser let this site's requests through at all.
        await using var attacker = OtherSite.Start(new Dictionary<string, string>
        {
            ["/prize"] = AttackerPage(Demo.BaseUrl, planted),
            ["/form"] = AttackerForm(Demo.BaseUrl, planted),
        });
        await page.GotoAsync($"{attacker.Url}/prize");
        await Expect(page).ToHaveTitleAsync("done");
        Assert.True(await page.EvaluateAsync<bool>("document.getElementById('control-image').naturalWidth > 0"), "the control image did not load");
        Assert.Equal($"{Demo.BaseUrl}/favicon.svg", page.Frame("control")!.Url);
        var framed = page.Frame("planted")!.Url;
        Assert.False(framed.StartsWith(Demo.BaseUrl, StringComparison.Ordinal), $"the link's page loaded in another site's frame: {framed}");
        await browser.ShotAsync("attackers-page");
        await page.GotoAsync($"{attacker.Url}/form");
        await Expect(page.Locator("body")).ToContainTextAsync("Content-Type must be application/json.");
        await browser.ShotAsync("attackers-form-refused");

        await page.GotoAsync("/");
        await Expect(page.Locator("#account")).ToContainTextAsync("Signed in as victor");
        Assert.Equal("planter", await LinkAccountAsync(planted));

        // Following the link itself: the page says whose it is and what it would do, and waits.
        await page.GotoAsync(planted);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in as planter?", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("You are signed in as victor. Signing in switches this browser to planter.");
        await browser.ShotAsync("planted-link-asks");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Git providers", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#account")).ToContainTextAsync("Signed in as victor");
        Assert.Equal("planter", await LinkAccountAsync(planted));
        await browser.ShotAsync("still-signed-in-as-before");
    }

    /// <summary>Whom the link signs in as, asked the way an API caller does; fails when the link was used.</summary>
    private async Task<string> LinkAccountAsync(string link)
    {
        using var http = new HttpClient();
        var answer = await http.GetAsync(link);
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!["username"]!.GetValue<string>();
    }

    private static string KeyOf(string link) => HttpUtility.ParseQueryString(new Uri(link).Query)["key"]!;

    private static string AttackerPage(string service, string link)
    {
        var key = KeyOf(link);
        return $$"""
            <!doctype html>
            <title>You won a prize</title>
            <body>
            <script>
              // Each element is listened to before it starts loading, so no load can be missed.
              const load = (tag, attributes) => new Promise((resolve) => {
                const element = Object.assign(document.createElement(tag), attributes);
                element.addEventListener('load', resolve);
                element.addEventListener('error', resolve);
                document.body.append(element);
              });
              const body = JSON.stringify({ key: '{{key}}' });
              const requests = [
                load('img', { id: 'control-image', src: '{{service}}/favicon.svg' }),
                load('img', { src: '{{link}}' }),
                load('iframe', { name: 'control', src: '{{service}}/favicon.svg' }),
                load('iframe', { name: 'planted', src: '{{link}}' }),
                fetch('{{service}}/login/token', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body }),
                fetch('{{service}}/login/token', { method: 'POST', credentials: 'include', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }),
              ];
              Promise.allSettled(requests).then(() => { document.title = 'done'; });
            </script>
            </body>
            """;
    }

    private static string AttackerForm(string service, string link) => $$"""
        <!doctype html>
        <title>Claim your prize</title>
        <form id="planted" method="post" action="{{service}}/login/token">
          <input type="hidden" name="key" value="{{KeyOf(link)}}">
        </form>
        <script>document.getElementById('planted').submit();</script>
        """;
}
