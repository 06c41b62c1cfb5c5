using Microsoft.Playwright;
using GitIntegration.TestSupport;

namespace GitIntegration.EndToEnd.Browser;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One demo service and one Chromium for the browser tests. Playwright's own browser download cannot work here:
/// it drives Debian's Chromium (/usr/bin/chromium). Launching gives the browser a fresh temporary profile, and
/// every test gets its own context (no shared cookies).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public DemoService Demo { get; private set; } = null!;
    public IBrowser Chromium { get; private set; } = null!;

    /// <summary>TestResults/EndToEnd/browser: screenshots of every step and the service's output.</summary>
    public static string ArtifactDirectory { get; } = Path.Combine(RepositoryRoot.Path, "TestResults", "EndToEnd", "browser");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium (./test.sh installs it).");
        Directory.CreateDirectory(ArtifactDirectory);
        // Waiting for what the user sees (never a measured duration): a page that needs the provider gets time.
        Assertions.SetDefaultExpectTimeout(20_000);
        Demo = await DemoService.StartAsync(ArtifactDirectory);
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
            await Chromium.CloseAsync();
        _playwright?.Dispose();
        if (Demo is not null)
            await Demo.DisposeAsync();
    }
}
