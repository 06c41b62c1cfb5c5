using System.Net;
using System.Net.Http.Json;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

public sealed class GitCredentialTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private string Remote(string instance) => Uri.EscapeDataString($"{_gateway.Emulator.InstanceUrl(instance)}/octo/hello.git");

    [Fact]
    public async Task A_linked_user_gets_credentials_in_the_exact_shape()
    {
        var alice = await _gateway.CreateUserAsync("alice");
        await _gateway.LinkAsync(alice, "github");

        var response = await alice.Api.GetAsync($"api/v2/git/credentials?url={Remote("gh")}");

        var body = await Json.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Json.Sorted("provider_id", "type", "username", "password", "access_token", "expires_at", "token_extra"), Json.Fields(body));
        Assert.Equal("github", body["provider_id"]!.GetValue<string>());
        Assert.Equal("github", body["type"]!.GetValue<string>());
        var token = body["access_token"]!.GetValue<string>();
        Assert.Equal(token, body["password"]!.GetValue<string>());
        Assert.True((await _gateway.Emulator.Client.IntrospectAsync(token)).Active);
        Assert.True(DateTimeOffset.Parse(body["expires_at"]!.GetValue<string>()) > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task GitLab_credentials_use_the_oauth2_username()
    {
        var bob = await _gateway.CreateUserAsync("bob");
        await _gateway.LinkAsync(bob, "gitlab");

        var body = await Json.ReadAsync(await bob.Api.GetAsync($"api/v2/git/credentials?url={Remote("gl")}"));

        Assert.Equal("oauth2", body["username"]!.GetValue<string>());
        Assert.Equal(body["access_token"]!.GetValue<string>(), body["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_provider_id_alone_also_works()
    {
        var carol = await _gateway.CreateUserAsync("carol");
        await _gateway.LinkAsync(carol, "github");

        var response = await carol.Api.GetAsync("api/v2/git/credentials?id=github");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("github", (await Json.ReadAsync(response))["provider_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_link_the_answer_is_where_to_link()
    {
        var dave = await _gateway.CreateUserAsync("dave");

        var body = await Json.ReadAsync(await dave.Api.GetAsync($"api/v2/git/credentials?url={Remote("gh")}"));

        Assert.Equal(["url"], Json.Fields(body));
        Assert.Equal($"{_gateway.BaseUrl}/external-auth/github", body["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_matching_provider_is_404()
    {
        var erin = await _gateway.CreateUserAsync("erin");

        await Json.AssertErrorAsync(await erin.Api.GetAsync("api/v2/git/credentials?url=https%3A%2F%2Fgit.example.org%2Fa%2Fb.git"), 404);
        await Json.AssertErrorAsync(await erin.Api.GetAsync("api/v2/git/credentials?id=nope"), 404);
        await Json.AssertErrorAsync(await erin.Api.GetAsync("api/v2/git/credentials?id=Not%20An%20Id"), 404);
    }

    [Fact]
    public async Task Bad_parameters_are_400()
    {
        var frank = await _gateway.CreateUserAsync("frank");

        await Json.AssertErrorAsync(await frank.Api.GetAsync("api/v2/git/credentials"), 400);
        await Json.AssertErrorAsync(await frank.Api.GetAsync($"api/v2/git/credentials?url={Remote("gh")}&listen=true&timeout=0"), 400);
        await Json.AssertErrorAsync(await frank.Api.GetAsync($"api/v2/git/credentials?url={Remote("gh")}&listen=true&timeout=abc"), 400);
        await Json.AssertErrorAsync(await frank.Api.GetAsync($"api/v2/git/credentials?url={Remote("gh")}&listen=true&timeout=99999"), 400);
    }

    [Fact]
    public async Task Listening_gives_up_after_the_timeout_with_the_link_url()
    {
        var grace = await _gateway.CreateUserAsync("grace");

        var body = await Json.ReadAsync(await grace.Api.GetAsync($"api/v2/git/credentials?url={Remote("gh")}&listen=true&timeout=1"));

        Assert.Equal(["url"], Json.Fields(body));
    }

    [Fact]
    public async Task Listening_answers_with_credentials_once_the_user_links()
    {
        var heidi = await _gateway.CreateUserAsync("heidi");

        var waiting = heidi.Api.GetAsync($"api/v2/git/credentials?url={Remote("gh")}&listen=true&timeout=60");
        await Task.Delay(300);
        await _gateway.LinkAsync(heidi, "github");
        var body = await Json.ReadAsync(await waiting);

        Assert.Equal("github", body["provider_id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Erase_reports_the_rejected_token()
    {
        var ivan = await _gateway.CreateUserAsync("ivan");
        await _gateway.LinkAsync(ivan, "github");
        var token = (await Json.ReadAsync(await ivan.Api.GetAsync("api/v2/git/credentials?id=github")))["access_token"]!.GetValue<string>();

        var erased = await ivan.Api.PostAsJsonAsync("api/v2/git/credentials/erase",
            new { url = $"{_gateway.Emulator.InstanceUrl("gh")}/octo/hello.git", password = token });

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        await Json.AssertErrorAsync(await ivan.Api.PostAsJsonAsync("api/v2/git/credentials/erase", new { url = "https://git.example.org/x" }), 404);
        await Json.AssertErrorAsync(await ivan.Api.PostAsJsonAsync("api/v2/git/credentials/erase", new { password = "x" }), 400);
        // The token was fine after all: re-validation keeps it.
        Assert.Equal(token, (await Json.ReadAsync(await ivan.Api.GetAsync("api/v2/git/credentials?id=github")))["access_token"]!.GetValue<string>());
    }
}
