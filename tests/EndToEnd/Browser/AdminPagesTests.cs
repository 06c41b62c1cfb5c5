using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>The administration pages in Chromium, signed in with the admin token the demo generated.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPagesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_admin_adds_edits_and_deletes_a_provider_and_changes_the_SSH_algorithm()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(An_admin_adds_edits_and_deletes_a_provider_and_changes_the_SSH_algorithm));
        var page = browser.Page;
        const string secret = "team-gitea-client-secret-value";
        browser.Secret(secret);

        await browser.SignInWithKeyAsync(fixture.Demo.AdminToken, "Providers");

        await Expect(page.Locator("#account")).ToContainTextAsync("Signed in with the admin token");
        await Expect(page.Locator("tr[data-provider='demo-github']")).ToContainTextAsync("Configuration");

        // A bad id: the API's validation message is shown on the form.
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a provider" }).ClickAsync();
        await page.GetByLabel("ID", new() { Exact = true }).FillAsync("Team Gitea");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("id: letters, digits and single hyphens");
        await Expect(page.GetByLabel("ID", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await browser.ShotAsync("add-provider-refused");

        await page.GetByLabel("ID", new() { Exact = true }).FillAsync("team-gitea");
        await page.GetByLabel("Type").SelectOptionAsync("gitea");
        await page.GetByLabel("Display name").FillAsync("Team Gitea");
        await page.GetByLabel("Client ID").FillAsync("team-gitea-client");
        await page.GetByLabel("Client secret").FillAsync(secret);
        await page.GetByLabel("Authorize URL").FillAsync("https://gitea.example.test/login/oauth/authorize");
        await browser.ShotAsync("add-provider-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();

        await Expect(page.GetByText("Saved Team Gitea (team-gitea).")).ToBeVisibleAsync();
        var row = page.Locator("tr[data-provider='team-gitea']");
        await Expect(row).ToContainTextAsync("Team Gitea");
        await Expect(row).ToContainTextAsync("gitea");
        await Expect(row).ToContainTextAsync("secret stored");
        await Expect(row).ToContainTextAsync("Added here");
        await browser.ShotAsync("provider-added");

        // Editing: the secret is never shown; leaving it empty keeps it.
        await row.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByLabel("Client secret")).ToHaveValueAsync("");
        await Expect(page.GetByText("A secret is stored. Leave empty to keep it")).ToBeVisibleAsync();
        await page.GetByLabel("Display name").FillAsync("Team Gitea (staging)");
        await browser.ShotAsync("edit-provider");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.GetByText("Saved Team Gitea (staging) (team-gitea).")).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Team Gitea (staging)");
        await Expect(row).ToContainTextAsync("secret stored");

        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(page.GetByText("Deleted Team Gitea (staging).")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);
        await browser.ShotAsync("provider-deleted");

        await page.GetByRole(AriaRole.Link, new() { Name = "SSH and signing keys" }).ClickAsync();
        await Expect(page.GetByLabel("Ed25519")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Public key (PEM)")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("BEGIN PUBLIC KEY"));
        await page.GetByLabel("ECDSA (P-256)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("New SSH keys use ecdsa.")).ToBeVisibleAsync();
        await browser.ShotAsync("ssh-algorithm-saved");

        await page.ReloadAsync();
        await Expect(page.GetByLabel("ECDSA (P-256)")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Ed25519")).Not.ToBeCheckedAsync();

        // Back to the default, so the other tests' new keys are what they expect.
        await page.GetByLabel("Ed25519").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("New SSH keys use ed25519.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to GitIntegration" })).ToBeVisibleAsync();
        await browser.ShotAsync("signed-out");
    }
}
