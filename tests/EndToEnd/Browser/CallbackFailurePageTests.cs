using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>
/// A failed OAuth callback in Chromium: the browser lands on a page of the web UI that says what happened and offers
/// to try again (never on the API's JSON), and trying again works.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CallbackFailurePageTests(BrowserFixture fixture)
{
    private DemoService Demo => fixture.Demo;

    [Fact]
    public async Task Declining_at_the_provider_shows_what_happened_and_trying_again_connects()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(Declining_at_the_provider_shows_what_happened_and_trying_again_connects));
        var page = browser.Page;
        await browser.SignInWithKeyAsync(await Demo.CreateUserWithKeyAsync("ines"), "Git providers");
        var github = browser.Provider("demo-github");

        await github.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(page.Locator("#deny")).ToBeVisibleAsync();
        await page.Locator("#deny").ClickAsync(); // "Cancel" on the provider's consent page

        await Expect(page).ToHaveURLAsync(new Regex(@"/external-auth/demo-github\?error=access_denied$"));
        var failure = page.GetByTestId("oauth-failure");
        await Expect(failure).ToContainTextAsync("Connecting Demo GitHub failed");
        await Expect(failure).ToContainTextAsync("Demo GitHub did not grant access: the request was declined there.");
        await Expect(github.GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demo GitHub", Level = 1 })).ToBeVisibleAsync();
        await browser.ShotAsync("declined-at-the-provider");

        await failure.GetByRole(AriaRole.Link, new() { Name = "Try again" }).ClickAsync();
        await Expect(page.Locator("#approve")).ToBeVisibleAsync();
        await page.Locator("#new-login").FillAsync("ines-gh");
        await page.Locator("#approve").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/external-auth/demo-github\?redirected=true$"));
        await Expect(page.GetByText("Demo GitHub is connected.")).ToBeVisibleAsync();
        await Expect(github.GetByTestId("link-status")).ToHaveTextAsync("Connected");
        await Expect(page.GetByTestId("oauth-failure")).ToHaveCountAsync(0);
        await browser.ShotAsync("connected-after-trying-again");
    }

    [Fact]
    public async Task A_callback_with_a_state_this_browser_did_not_start_is_refused_on_a_page_and_changes_nothing()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_callback_with_a_state_this_browser_did_not_start_is_refused_on_a_page_and_changes_nothing));
        var page = browser.Page;
        await browser.SignInWithKeyAsync(await Demo.CreateUserWithKeyAsync("jon"), "Git providers");
        await browser.Provider("demo-github").GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(page.Locator("#approve")).ToBeVisibleAsync();

        // Instead of approving, the user follows a callback link someone sent: its state is not the one this browser holds.
        await page.GotoAsync("/external-auth/demo-github/callback?code=planted-code&state=planted-state");

        await Expect(page).ToHaveURLAsync(new Regex(@"/external-auth/demo-github\?error=state_mismatch$"));
        var failure = page.GetByTestId("oauth-failure");
        await Expect(failure).ToContainTextAsync("Connecting Demo GitHub failed");
        await Expect(failure).ToContainTextAsync("does not belong to the request this browser started");
        await Expect(failure.GetByRole(AriaRole.Link, new() { Name = "Try again" })).ToHaveAttributeAsync("href", "/external-auth/demo-github/callback");
        await Expect(browser.Provider("demo-github").GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("planted");
        await browser.ShotAsync("state-mismatch");

        // A fresh browser window that started nothing: the same link is refused for that reason.
        await browser.Page.Context.ClearCookiesAsync(new() { Name = "gitintegration_oauth_state" });
        await page.GotoAsync("/external-auth/demo-github/callback?code=planted-code&state=planted-state");
        await Expect(page.GetByTestId("oauth-failure")).ToContainTextAsync("This browser has no request to Demo GitHub in progress");
        await browser.ShotAsync("no-request-in-progress");
    }

    [Fact]
    public async Task A_declined_provider_sign_in_shows_what_happened_on_the_sign_in_page_and_trying_again_signs_in()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_declined_provider_sign_in_shows_what_happened_on_the_sign_in_page_and_trying_again_signs_in));
        var page = browser.Page;

        await page.GotoAsync("/settings/ssh-key");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Demo GitLab" }).ClickAsync();
        await Expect(page.Locator("#deny")).ToBeVisibleAsync();
        await page.Locator("#deny").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/login\?error=access_denied&provider=demo-gitlab&redirect=%2Fsettings%2Fssh-key$"));
        var failure = page.GetByTestId("oauth-failure");
        await Expect(failure).ToContainTextAsync("Signing in with Demo GitLab failed");
        await Expect(failure).ToContainTextAsync("Demo GitLab did not grant access");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to GitIntegration" })).ToBeVisibleAsync();
        await Expect(page.Locator("#account")).ToBeEmptyAsync();
        await browser.ShotAsync("sign-in-declined");

        await failure.GetByRole(AriaRole.Link, new() { Name = "Try again" }).ClickAsync();
        await Expect(page.Locator("#approve")).ToBeVisibleAsync();
        await page.Locator("#new-login").FillAsync("kim-gl");
        await page.Locator("#approve").ClickAsync();

        await Expect(page).ToHaveURLAsync($"{Demo.BaseUrl}/settings/ssh-key");
        await Expect(page.Locator("#account")).ToContainTextAsync("Signed in as kim-gl");
        await browser.ShotAsync("signed-in-after-trying-again");
    }
}
