using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>The sign-in page in Chromium: a provider's sign-in button, a key that is refused, and a link started
/// while signed out that continues after signing in.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Signing_in_with_a_provider_makes_the_user_and_shows_that_provider_connected()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(Signing_in_with_a_provider_makes_the_user_and_shows_that_provider_connected));
        var page = browser.Page;

        await page.GotoAsync("/settings/git-providers");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to GitIntegration" })).ToBeVisibleAsync();
        await browser.ShotAsync("sign-in-page");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Demo GitLab" }).ClickAsync();

        await Expect(page.Locator("#approve")).ToBeVisibleAsync();
        await page.Locator("#new-login").FillAsync("gina-gl");
        await browser.ShotAsync("provider-consent-page");
        await page.Locator("#approve").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Git providers", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync($"{fixture.Demo.BaseUrl}/settings/git-providers");
        await Expect(page.Locator("#account")).ToContainTextAsync("Signed in as gina-gl");
        var gitlab = browser.Provider("demo-gitlab");
        await Expect(gitlab.GetByTestId("link-status")).ToHaveTextAsync("Connected");
        await Expect(gitlab.Locator(".login")).ToHaveTextAsync("gina-gl");
        await Expect(browser.Provider("demo-github").GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await browser.ShotAsync("signed-in-with-gitlab");
    }

    [Fact]
    public async Task A_key_the_service_does_not_know_is_refused_with_the_reason()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_key_the_service_does_not_know_is_refused_with_the_reason));
        var page = browser.Page;
        const string wrongKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        browser.Secret(wrongKey);

        await page.GotoAsync("/");
        await page.GetByLabel("Session key, admin token or sign-in link").FillAsync(wrongKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This key is not valid.");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to GitIntegration" })).ToBeVisibleAsync();
        await Expect(page.Locator("#account")).ToBeEmptyAsync();
        await browser.ShotAsync("key-refused");
    }

    [Fact]
    public async Task Linking_while_signed_out_signs_in_first_then_goes_on_to_the_provider()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(Linking_while_signed_out_signs_in_first_then_goes_on_to_the_provider));
        var page = browser.Page;
        var key = await fixture.Demo.CreateUserWithKeyAsync("hana");
        browser.Secret(key);

        // Where a workspace's "link your account" URL or an old bookmark sends a browser without a session.
        await page.GotoAsync("/external-auth/demo-github/callback");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?redirect="));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to GitIntegration" })).ToBeVisibleAsync();
        await page.GetByLabel("Session key, admin token or sign-in link").FillAsync(key);
        await browser.ShotAsync("sign-in-before-linking");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(page.Locator("#approve")).ToBeVisibleAsync();
        await page.Locator("#new-login").FillAsync("hana-gh");
        await page.Locator("#approve").ClickAsync();

        await Expect(page).ToHaveURLAsync($"{fixture.Demo.BaseUrl}/external-auth/demo-github?redirected=true");
        await Expect(page.GetByText("Demo GitHub is connected.")).ToBeVisibleAsync();
        await Expect(page.Locator("#account")).ToContainTextAsync("Signed in as hana");
        await browser.ShotAsync("linked-after-signing-in");
    }
}
