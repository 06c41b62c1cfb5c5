using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>The user's own SSH key and session keys pages in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPagesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_user_sees_and_regenerates_the_SSH_key_and_creates_and_revokes_a_session_key()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_user_sees_and_regenerates_the_SSH_key_and_creates_and_revokes_a_session_key));
        var page = browser.Page;
        await browser.SignInWithKeyAsync(await fixture.Demo.CreateUserWithKeyAsync("frank"), "Git providers");

        await page.GetByRole(AriaRole.Link, new() { Name = "SSH key" }).ClickAsync();
        var publicKey = page.GetByLabel("Public key");
        await Expect(publicKey).ToHaveValueAsync(new Regex(@"^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) "));
        await Expect(page.GetByTestId("fingerprint")).ToHaveTextAsync(new Regex("^SHA256:[A-Za-z0-9+/]{43}$"));
        var before = await publicKey.InputValueAsync();
        await browser.ShotAsync("ssh-key");

        await page.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, regenerate" }).ClickAsync();
        await Expect(page.GetByText("A new key was made")).ToBeVisibleAsync();
        await Expect(publicKey).Not.ToHaveValueAsync(before);
        await Expect(publicKey).ToHaveValueAsync(new Regex(@"^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) "));
        await browser.ShotAsync("ssh-key-regenerated");

        await page.GetByRole(AriaRole.Link, new() { Name = "Session keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "browser test" })).ToHaveCountAsync(1);
        await page.GetByLabel("Name (optional)").FillAsync("laptop git");
        await page.GetByLabel("Expires after").SelectOptionAsync(new SelectOptionValue { Label = "90 days" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var newKey = page.GetByTestId("new-key");
        await Expect(newKey).ToHaveTextAsync(new Regex("^[A-Za-z0-9_-]{43}$"));
        browser.Secret(await newKey.InnerTextAsync());
        await Expect(page.GetByText("Copy it now: it is not shown again.")).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "laptop git" });
        await Expect(row).ToHaveCountAsync(1);
        await browser.ShotAsync("session-key-created");

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Yes, revoke" }).ClickAsync();
        await Expect(page.GetByText("Revoked \"laptop git\".")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);
        await browser.ShotAsync("session-key-revoked");
    }
}
