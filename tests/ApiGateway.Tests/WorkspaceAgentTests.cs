using System.Net;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// GET /api/v2/workspaceagents/me/external-auth as Coder's agent calls it (agentsdk.Client.ExternalAuth: id and match
/// always sent, one of them empty, and listen=true), answered with agentsdk.ExternalAuthResponse field by field.
/// </summary>
public sealed class WorkspaceAgentTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    /// <summary>The query agentsdk builds: url.Values{"id","match"} (+ "listen"="true"), encoded with sorted keys.</summary>
    private static string AgentUrl(string id = "", string match = "", bool listen = false) =>
        "api/v2/workspaceagents/me/external-auth?id=" + Uri.EscapeDataString(id) + (listen ? "&listen=true" : "") + "&match=" + Uri.EscapeDataString(match);

    /// <summary>What git's askpass prompt gives the agent: the remote's scheme and host (and path with useHttpPath).</summary>
    private string Remote(string instance) => _gateway.Emulator.InstanceUrl(instance) + "/octo/service.git";

    private async Task<string> TokenAsync(TestUser user, string providerId) =>
        (await Json.ReadAsync(await user.Api.GetAsync($"api/v2/git/credentials?id={providerId}")))["access_token"]!.GetValue<string>();

    [Fact]
    public async Task A_user_who_must_link_gets_only_the_link_url()
    {
        var amy = await _gateway.CreateUserAsync("amy");

        var response = await amy.Api.GetAsync(AgentUrl(match: Remote("gh")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await Json.ReadAsync(response);
        CoderTypes.AgentExternalAuthResponse.AssertMatches(answer);
        Assert.Equal($"{_gateway.BaseUrl}/external-auth/github", answer["url"]!.GetValue<string>());
        Assert.Equal("", answer["access_token"]!.GetValue<string>());
        Assert.Equal("", answer["type"]!.GetValue<string>());
        Assert.Equal("", answer["username"]!.GetValue<string>());
        Assert.Equal("", answer["password"]!.GetValue<string>());
        Assert.Null(answer["token_extra"]);
    }

    [Fact]
    public async Task Listen_waits_until_the_user_links_then_answers_with_the_token_as_github_username()
    {
        var bo = await _gateway.CreateUserAsync("bo");

        var listening = bo.Api.GetAsync(AgentUrl(match: Remote("gh"), listen: true));
        await _gateway.LinkAsync(bo, "github");
        var response = await listening;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await Json.ReadAsync(response);
        CoderTypes.AgentExternalAuthResponse.AssertMatches(answer);
        var token = await TokenAsync(bo, "github");
        Assert.Equal(token, answer["access_token"]!.GetValue<string>());
        Assert.Equal("github", answer["type"]!.GetValue<string>());
        Assert.Equal(token, answer["username"]!.GetValue<string>());
        Assert.Equal("", answer["password"]!.GetValue<string>());
        Assert.Equal("", answer["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task GitLab_answers_with_oauth2_and_the_token_as_password()
    {
        var cy = await _gateway.CreateUserAsync("cy");
        await _gateway.LinkAsync(cy, "gitlab");

        var answer = await Json.ReadAsync(await cy.Api.GetAsync(AgentUrl(id: "gitlab")));

        CoderTypes.AgentExternalAuthResponse.AssertMatches(answer);
        var token = await TokenAsync(cy, "gitlab");
        Assert.Equal(token, answer["access_token"]!.GetValue<string>());
        Assert.Equal("gitlab", answer["type"]!.GetValue<string>());
        Assert.Equal("oauth2", answer["username"]!.GetValue<string>());
        Assert.Equal(token, answer["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Id_and_match_together_or_neither_is_400_in_coders_words()
    {
        var dot = await _gateway.CreateUserAsync("dot");

        var neither = await Json.AssertErrorAsync(await dot.Api.GetAsync(AgentUrl()), 400);
        var both = await Json.AssertErrorAsync(await dot.Api.GetAsync(AgentUrl(id: "github", match: Remote("gh"))), 400);

        Assert.Equal("'url' or 'id' must be provided!", neither["message"]!.GetValue<string>());
        Assert.Equal("'url' and 'id' cannot be provided together!", both["message"]!.GetValue<string>());
        CoderTypes.Response.AssertMatches(both);
    }

    [Fact]
    public async Task A_remote_no_provider_matches_is_404_naming_each_providers_regex()
    {
        var ed = await _gateway.CreateUserAsync("ed");

        var error = await Json.AssertErrorAsync(await ed.Api.GetAsync(AgentUrl(match: "https://git.unknown.example/x.git")), 404);
        var unknownId = await Json.AssertErrorAsync(await ed.Api.GetAsync(AgentUrl(id: "nope")), 404);

        Assert.Equal("No matching external auth provider found for the url \"https://git.unknown.example/x.git\".", error["message"]!.GetValue<string>());
        Assert.Contains("github=\"", error["detail"]!.GetValue<string>());
        Assert.Contains("gitlab=\"", error["detail"]!.GetValue<string>());
        Assert.Contains("nope", unknownId["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_legacy_gitauth_route_takes_url_and_a_bare_listen()
    {
        var flo = await _gateway.CreateUserAsync("flo");
        var legacy = $"api/v2/workspaceagents/me/gitauth?url={Uri.EscapeDataString(Remote("gl"))}";

        var before = await Json.ReadAsync(await flo.Api.GetAsync(legacy));
        var listening = flo.Api.GetAsync(legacy + "&listen");
        await _gateway.LinkAsync(flo, "gitlab");
        var after = await Json.ReadAsync(await listening);

        Assert.Equal($"{_gateway.BaseUrl}/external-auth/gitlab", before["url"]!.GetValue<string>());
        CoderTypes.AgentExternalAuthResponse.AssertMatches(after);
        Assert.Equal("oauth2", after["username"]!.GetValue<string>());
        Assert.Equal(await TokenAsync(flo, "gitlab"), after["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_session_token_the_route_is_401()
    {
        using var anonymous = _gateway.Client();

        await Json.AssertErrorAsync(await anonymous.GetAsync(AgentUrl(id: "github")), 401);
    }
}

/// <summary>A listen that runs out is an error, never a 200: Coder's askpass takes any 200 while listening as the token.</summary>
public sealed class WorkspaceAgentListenTimeoutTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(new GatewaySetup
    {
        Settings = { ["GitIntegration:Limits:MaxListenSeconds"] = "1" },
    });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_listen_nobody_answers_by_linking_ends_in_408()
    {
        var gil = await _gateway.CreateUserAsync("gil");

        var error = await Json.AssertErrorAsync(await gil.Api.GetAsync("api/v2/workspaceagents/me/external-auth?id=github&listen=true&match="), 408);

        Assert.Equal("Timed out waiting for the external auth link.", error["message"]!.GetValue<string>());
    }
}
