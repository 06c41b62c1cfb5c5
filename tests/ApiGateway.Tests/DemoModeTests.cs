using System.Net;
using System.Web;
using GitIntegration.ApiGateway.Demo;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitIntegration.ApiGateway.Tests;

public sealed class DemoModeTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gitintegration-demo-").FullName;
    private DemoMode _demo = null!;

    public async Task InitializeAsync() => _demo = await StartAsync();

    public async Task DisposeAsync()
    {
        await _demo.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private Task<DemoMode> StartAsync() => DemoMode.StartAsync(
        ["--urls", "http://127.0.0.1:0", $"--GitIntegration:DataDirectory={_folder}", $"--GitIntegration:Storage:SqlitePath={_folder}/gitintegration.db",
         $"--GitIntegration:Cluster:SiloPort={TestSupport.FreePort.Next()}"],
        builder => builder.Logging.ClearProviders());

    [Fact]
    public async Task A_newcomer_signs_in_with_the_printed_link_and_links_demo_GitHub_in_the_browser()
    {
        var baseUrl = _demo.App.Services.GetRequiredService<PublicUrls>().Base;
        using var browser = new Browser(baseUrl);

        var signedIn = await browser.ConfirmSignInLinkAsync(_demo.SignInLink);
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var me = await Json.ReadAsync(await browser.GetAsync("api/v2/users/me"));
        Assert.Equal(DemoMode.DemoUsername, me["username"]!.GetValue<string>());
        var providers = (await Json.ReadAsync(await browser.GetAsync("api/v2/external-auth")))["providers"]!.AsArray();
        Assert.Equal(["demo-github", "demo-gitlab"], providers.Select(p => p!["id"]!.GetValue<string>()).Order());

        // Connect: the emulator shows its consent page; the newcomer approves as the demo account.
        var start = await browser.GetAsync("external-auth/demo-github/callback");
        var consent = await browser.GetAsync(start.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, consent.StatusCode);
        var approve = new HttpRequestMessage(HttpMethod.Post, start.Headers.Location)
        {
            Content = new FormUrlEncodedContent([new("decision", "approve"), new("login", DemoMode.DemoLogin)]),
        };
        var back = (await browser.SendAsync(approve)).Headers.Location!;
        Assert.StartsWith($"{baseUrl}/external-auth/demo-github/callback?", back.ToString());
        var done = await browser.GetAsync(back.ToString());

        Assert.Equal(HttpStatusCode.TemporaryRedirect, done.StatusCode);
        var link = await Json.ReadAsync(await browser.GetAsync("api/v2/external-auth/demo-github"));
        Assert.True(link["authenticated"]!.GetValue<bool>());
        Assert.Equal(DemoMode.DemoLogin, link["user"]!["login"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_sign_in_link_works_once_and_a_restart_prints_a_fresh_one_for_the_same_user()
    {
        var baseUrl = _demo.App.Services.GetRequiredService<PublicUrls>().Base;
        using var browser = new Browser(baseUrl);
        await browser.ConfirmSignInLinkAsync(_demo.SignInLink);
        var id = (await Json.ReadAsync(await browser.GetAsync("api/v2/users/me")))["id"]!.GetValue<string>();
        using var again = new Browser(baseUrl);
        await Json.AssertErrorAsync(await again.ConfirmSignInLinkAsync(_demo.SignInLink), 400);

        await _demo.DisposeAsync();
        _demo = await StartAsync();
        using var afterRestart = new Browser(_demo.App.Services.GetRequiredService<PublicUrls>().Base);
        await afterRestart.ConfirmSignInLinkAsync(_demo.SignInLink);

        Assert.Equal(id, (await Json.ReadAsync(await afterRestart.GetAsync("api/v2/users/me")))["id"]!.GetValue<string>());
        Assert.Equal("key", HttpUtility.ParseQueryString(new Uri(_demo.SignInLink).Query).AllKeys.Single());
    }
}
