using System.Net;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// The web UI's page is served at / and for the paths it routes in the browser (/external-auth/{id}, where the
/// OAuth callback comes back to, and /settings/...), without taking anything from the API or the callback.
/// (What the UI does is tested in a real browser: tests/EndToEnd/Browser.)
/// </summary>
public sealed class WebUiTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("external-auth/github")]
    [InlineData("external-auth/github?redirected=true")]
    [InlineData("external-auth/not-configured")]
    [InlineData("settings")]
    [InlineData("settings/git-providers")]
    [InlineData("settings/admin/providers/github")]
    public async Task The_UI_page_is_served_to_anyone_for_its_paths(string path)
    {
        using var anonymous = _gateway.Client();

        var answer = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/js/main.js\"></script>", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_UI_files_are_served_beside_the_API()
    {
        using var anonymous = _gateway.Client();

        Assert.Equal("text/javascript", (await anonymous.GetAsync("js/main.js")).Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", (await anonymous.GetAsync("app.css")).Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/svg+xml", (await anonymous.GetAsync("icon/github.svg")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_callback_the_API_and_unknown_paths_answer_as_before()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        using var anonymous = _gateway.Client();

        using var browser = _gateway.Browser();
        var signInFirst = await browser.GetAsync("external-auth/github/callback");
        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, signInFirst.StatusCode);
        Assert.Equal("/login?redirect=%2Fexternal-auth%2Fgithub%2Fcallback", signInFirst.Headers.Location!.ToString());
        await Json.AssertErrorAsync(await anonymous.GetAsync("api/v2/external-auth/github"), 401);
        await Json.AssertErrorAsync(await anonymous.GetAsync("api/v2/no-such-route"), 404);
        await Json.AssertErrorAsync(await anonymous.GetAsync("external-auth/github/other"), 404);
        await Json.AssertErrorAsync(await anonymous.PostAsync("external-auth/github", null), 405);
        var (_, linked) = await _gateway.LinkAsync(alice, "github");
        Assert.Equal("/external-auth/github?redirected=true", linked.Headers.Location!.ToString());
        Assert.True((await Json.ReadAsync(await alice.Api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
    }
}
