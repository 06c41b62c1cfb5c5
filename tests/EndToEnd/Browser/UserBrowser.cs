using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>
/// One user's browser window for one test: its own cookies, a screenshot of every step under
/// TestResults/EndToEnd/browser/&lt;test&gt;/, and what the page wrote to the console, checked at the end:
/// no script error, and no secret the test handled (keys, tokens) ever printed.
/// </summary>
public sealed class UserBrowser : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _screenshots;
    private readonly List<string> _console = [];
    private readonly List<string> _pageErrors = [];
    private readonly HashSet<string> _secrets = [];
    private int _step;

    private UserBrowser(IBrowserContext context, IPage page, string screenshots)
    {
        _context = context;
        Page = page;
        _screenshots = screenshots;
        Watch(page);
        context.Page += (_, opened) => Watch(opened);
    }

    public IPage Page { get; }

    public static async Task<UserBrowser> OpenAsync(BrowserFixture fixture, string testName)
    {
        var context = await fixture.Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Demo.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1200, Height = 900 },
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        var screenshots = Path.Combine(BrowserFixture.ArtifactDirectory, testName);
        if (Directory.Exists(screenshots))
            Directory.Delete(screenshots, recursive: true);
        Directory.CreateDirectory(screenshots);
        return new UserBrowser(context, page, screenshots);
    }

    /// <summary>Something the page must never print (checked against the console when the test ends).</summary>
    public void Secret(string value) => _secrets.Add(value);

    /// <summary>A full-page screenshot of the step just done, numbered in order.</summary>
    public async Task ShotAsync(string step, IPage? page = null)
    {
        _step++;
        await (page ?? Page).ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(_screenshots, $"{_step:00}-{step}.png"),
            FullPage = true,
        });
    }

    /// <summary>Opens the service and signs in on the sign-in page by pasting a key, as a user would.</summary>
    public async Task SignInWithKeyAsync(string key, string expectedHeading)
    {
        Secret(key);
        await Page.GotoAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to GitIntegration" })).ToBeVisibleAsync();
        await Page.GetByLabel("Session key, admin token or sign-in link").FillAsync(key);
        await ShotAsync("sign-in-page");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = expectedHeading, Level = 1 })).ToBeVisibleAsync();
        await ShotAsync("signed-in");
    }

    /// <summary>Runs an action that opens a new tab (a link with target=_blank) and returns that tab.</summary>
    public Task<IPage> NewTabAsync(Func<Task> action) => _context.RunAndWaitForPageAsync(action);

    /// <summary>The card of one provider on the Git providers page.</summary>
    public ILocator Provider(string id) => Page.Locator($"article[data-provider='{id}']");

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            lock (_console)
                _console.Add($"{message.Type}: {message.Text}");
        };
        page.PageError += (_, error) =>
        {
            lock (_pageErrors)
                _pageErrors.Add(error);
        };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ShotAsync("last"); // where the test ended, also when it failed
        }
        catch (PlaywrightException)
        {
            // The page is gone (closed or crashed): nothing to show.
        }
        await _context.CloseAsync();
        await File.WriteAllLinesAsync(Path.Combine(_screenshots, "console.txt"), _console);
        Assert.Empty(_pageErrors);
        foreach (var secret in _secrets)
            Assert.DoesNotContain(_console, line => line.Contains(secret, StringComparison.Ordinal));
    }
}
