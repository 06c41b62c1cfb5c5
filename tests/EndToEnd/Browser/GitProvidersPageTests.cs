using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GitIntegration.ProviderEmulator.Control;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>The "Git providers" page in Chromium against the real --demo service and its provider emulator.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GitProvidersPageTests(BrowserFixture fixture)
{
    private const string DemoLogin = "octo-demo";

    private DemoService Demo => fixture.Demo;

    [Fact]
    public async Task A_newcomer_signs_in_with_the_printed_link_connects_Demo_GitHub_on_the_approve_page_and_disconnects()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_newcomer_signs_in_with_the_printed_link_connects_Demo_GitHub_on_the_approve_page_and_disconnects));
        var page = browser.Page;
        browser.Secret(new Uri(Demo.SignInLink).Query.Split('=')[1]);

        await page.GotoAsync(Demo.SignInLink);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as demo" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Git providers", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#account")).ToContainTextAsync("Signed in as demo (admin)");
        var github = browser.Provider("demo-github");
        await Expect(github.GetByRole(AriaRole.Heading, new() { Name = "Demo GitHub" })).ToBeVisibleAsync();
        await Expect(github.GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await Expect(browser.Provider("demo-gitlab").GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("null");
        await browser.ShotAsync("git-providers");

        await github.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();

        // The provider's consent page (the emulator's): the user picks the account and approves.
        await Expect(page.Locator("#approve")).ToBeVisibleAsync();
        await page.Locator("#login").SelectOptionAsync(DemoLogin);
        await browser.ShotAsync("provider-consent-page");
        await page.Locator("#approve").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/external-auth/demo-github\?redirected=true$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demo GitHub", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Demo GitHub is connected.")).ToBeVisibleAsync();
        await Expect(github.GetByTestId("link-status")).ToHaveTextAsync("Connected");
        await Expect(github.Locator(".login")).ToHaveTextAsync(DemoLogin);
        var avatar = github.GetByRole(AriaRole.Img, new() { Name = $"Avatar of {DemoLogin}" });
        await Expect(avatar).ToHaveAttributeAsync("src", new Regex($"^{Regex.Escape(Demo.EmulatorUrl)}/.*{DemoLogin}"));
        await Expect(avatar).ToBeVisibleAsync();
        await Expect(github.GetByTestId("token-expiry")).ToContainTextAsync("renews automatically");
        await Expect(github.GetByTestId("ssh-state")).ToContainTextAsync("Added to your account");
        await Expect(github.GetByTestId("ssh-fingerprint")).ToHaveTextAsync(new Regex("^SHA256:"));
        await Expect(page.Locator("main")).Not.ToContainTextAsync("null");
        await browser.ShotAsync("connected");

        await page.GetByRole(AriaRole.Link, new() { Name = "All Git providers" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Git providers", Level = 1 })).ToBeVisibleAsync();
        await Expect(github.GetByTestId("link-status")).ToHaveTextAsync("Connected");
        await Expect(github.Locator(".login")).ToHaveTextAsync(DemoLogin);

        await github.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
        await browser.ShotAsync("disconnect-asks-again");
        await github.GetByRole(AriaRole.Button, new() { Name = "Yes, disconnect" }).ClickAsync();

        await Expect(github.GetByText("Disconnected Demo GitHub.")).ToBeVisibleAsync();
        await Expect(github.GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await Expect(github.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true })).ToBeVisibleAsync();
        await Expect(github.Locator(".login")).ToHaveCountAsync(0);
        await browser.ShotAsync("disconnected");
    }

    [Fact]
    public async Task The_device_flow_shows_a_code_links_once_it_is_approved_and_says_when_it_is_denied()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(The_device_flow_shows_a_code_links_once_it_is_approved_and_says_when_it_is_denied));
        var page = browser.Page;
        // Providers ask clients to wait 5 seconds between polls; the emulator can ask for 1.
        await Demo.Emulator.UpdateSettingsAsync("github", new InstanceSettingsDto(DeviceIntervalSeconds: 1));
        await Demo.Emulator.UpdateSettingsAsync("gitlab", new InstanceSettingsDto(DeviceIntervalSeconds: 1));
        await browser.SignInWithKeyAsync(await Demo.CreateUserWithKeyAsync("dana"), "Git providers");
        var github = browser.Provider("demo-github");

        await github.GetByRole(AriaRole.Button, new() { Name = "Connect with a device code" }).ClickAsync();

        var code = github.GetByTestId("user-code");
        await Expect(code).ToHaveTextAsync(new Regex(@"\w"));
        await Expect(github.GetByText("Waiting for you to approve the code")).ToBeVisibleAsync();
        await browser.ShotAsync("device-code-shown");
        var userCode = await code.InnerTextAsync();

        // The user follows the link to the provider's device page in a new tab and approves the code there.
        var providerTab = await browser.NewTabAsync(() => github.GetByTestId("verification-uri").ClickAsync());
        await Expect(providerTab.Locator("#user_code")).ToBeVisibleAsync();
        await providerTab.Locator("#user_code").FillAsync(userCode);
        await providerTab.Locator("#new-login").FillAsync("dana-gh");
        await browser.ShotAsync("provider-device-page", providerTab);
        await providerTab.Locator("#approve").ClickAsync();
        await Expect(providerTab.Locator("#result")).ToHaveAttributeAsync("data-outcome", "approved");
        await providerTab.CloseAsync();

        await Expect(github.GetByText("Demo GitHub is connected.")).ToBeVisibleAsync();
        await Expect(github.GetByTestId("link-status")).ToHaveTextAsync("Connected");
        await Expect(github.Locator(".login")).ToHaveTextAsync("dana-gh");
        await Expect(github.GetByTestId("user-code")).ToHaveCountAsync(0);
        await browser.ShotAsync("device-flow-connected");

        // A code the user turns down at the provider ends the wait with a message.
        var gitlab = browser.Provider("demo-gitlab");
        await gitlab.GetByRole(AriaRole.Button, new() { Name = "Connect with a device code" }).ClickAsync();
        await Expect(gitlab.GetByTestId("user-code")).ToHaveTextAsync(new Regex(@"\w"));
        await Demo.Emulator.DenyDeviceAsync("gitlab", await gitlab.GetByTestId("user-code").InnerTextAsync());

        await Expect(gitlab.GetByText("The request was denied at the provider.")).ToBeVisibleAsync();
        await Expect(gitlab.GetByRole(AriaRole.Button, new() { Name = "Get a new code" })).ToBeVisibleAsync();
        await Expect(gitlab.GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await browser.ShotAsync("device-flow-denied");
    }

    [Fact]
    public async Task A_personal_access_token_links_Demo_GitLab_and_a_bad_one_shows_the_reason()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_personal_access_token_links_Demo_GitLab_and_a_bad_one_shows_the_reason));
        var page = browser.Page;
        var pat = await Demo.Emulator.IssuePersonalAccessTokenAsync("gitlab", DemoLogin);
        browser.Secret(pat.Token);
        await browser.SignInWithKeyAsync(await Demo.CreateUserWithKeyAsync("erin"), "Git providers");
        await Expect(page.GetByRole(AriaRole.Navigation)).Not.ToContainTextAsync("Administration");
        var gitlab = browser.Provider("demo-gitlab");

        await gitlab.GetByRole(AriaRole.Button, new() { Name = "Use a personal access token" }).ClickAsync();
        await gitlab.GetByLabel("Token", new() { Exact = true }).FillAsync("glpat-this-is-not-a-token");
        await gitlab.GetByRole(AriaRole.Button, new() { Name = "Save token" }).ClickAsync();

        var error = gitlab.GetByRole(AriaRole.Alert);
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("token");
        await Expect(gitlab.GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await browser.ShotAsync("bad-token-refused");

        await gitlab.GetByLabel("Token", new() { Exact = true }).FillAsync(pat.Token);
        await gitlab.GetByRole(AriaRole.Button, new() { Name = "Save token" }).ClickAsync();

        await Expect(gitlab.GetByText("Demo GitLab is connected.")).ToBeVisibleAsync();
        await Expect(gitlab.GetByTestId("link-status")).ToHaveTextAsync("Connected");
        await Expect(gitlab.Locator(".login")).ToHaveTextAsync(DemoLogin);
        await Expect(gitlab.GetByRole(AriaRole.Img, new() { Name = $"Avatar of {DemoLogin}" })).ToBeVisibleAsync();
        await Expect(gitlab.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await browser.ShotAsync("token-connected");

        await gitlab.GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();
        await gitlab.GetByRole(AriaRole.Button, new() { Name = "Yes, disconnect" }).ClickAsync();

        await Expect(gitlab.GetByText("Disconnected Demo GitLab")).ToBeVisibleAsync();
        await Expect(gitlab.GetByTestId("link-status")).ToHaveTextAsync("Not connected");
        await browser.ShotAsync("token-disconnected");
    }

    [Fact]
    public async Task A_provider_without_an_SSH_key_API_shows_the_key_to_add_by_hand()
    {
        await using var browser = await UserBrowser.OpenAsync(fixture, nameof(A_provider_without_an_SSH_key_API_shows_the_key_to_add_by_hand));
        var page = browser.Page;
        // An administrator adds Azure DevOps (the emulator's Entra ID instance); it has no SSH-key API.
        await Demo.Emulator.CreateAccountAsync("entra", "hank", "Hank", "hank@example.test");
        var pat = await Demo.Emulator.IssuePersonalAccessTokenAsync("entra", "hank");
        browser.Secret(pat.Token);
        var entra = $"{Demo.EmulatorUrl}/entra";
        var added = await Demo.Admin.PostAsJsonAsync("api/v2/admin/external-auth", new
        {
            id = "team-ado", type = "azure-devops-entra", display_name = "Team Azure DevOps", client_id = "team-ado-client",
            client_secret = "team-ado-secret", auth_url = $"{entra}/organizations/oauth2/v2.0/authorize", api_base_url = entra,
        });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        try
        {
            await browser.SignInWithKeyAsync(await Demo.CreateUserWithKeyAsync("hank"), "Git providers");
            var ado = browser.Provider("team-ado");
            await ado.GetByRole(AriaRole.Button, new() { Name = "Use a personal access token" }).ClickAsync();
            await ado.GetByLabel("Token", new() { Exact = true }).FillAsync(pat.Token);
            await ado.GetByRole(AriaRole.Button, new() { Name = "Save token" }).ClickAsync();

            await Expect(ado.GetByTestId("link-status")).ToHaveTextAsync("Connected");
            await Expect(ado.GetByText("This provider has no API for SSH keys")).ToBeVisibleAsync();
            var shown = ado.GetByLabel("Your public key");
            await Expect(shown).ToHaveValueAsync(new Regex(@"^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) "));
            await page.GetByRole(AriaRole.Link, new() { Name = "SSH key" }).ClickAsync();
            var own = page.GetByLabel("Public key");
            await Expect(own).ToHaveValueAsync(new Regex(@"^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) "));
            var ownKey = await own.InputValueAsync();
            await page.GoBackAsync();
            await Expect(browser.Provider("team-ado").GetByLabel("Your public key")).ToHaveValueAsync(ownKey);
            await browser.ShotAsync("ssh-key-to-add-by-hand");
        }
        finally
        {
            await Demo.Admin.DeleteAsync("api/v2/admin/external-auth/team-ado");
        }
    }
}
