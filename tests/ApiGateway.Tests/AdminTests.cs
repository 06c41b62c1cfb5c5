using System.Net;
using System.Net.Http.Json;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

public sealed class AdminTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private object NewProvider(string id, string? secret = "s3cret-value") => new
    {
        id,
        type = "gitlab",
        display_name = "Team GitLab",
        client_id = "team-client",
        client_secret = secret,
        auth_url = $"{_gateway.Emulator.InstanceUrl("gl")}/oauth/authorize",
    };

    [Fact]
    public async Task Configured_providers_are_listed_without_their_secrets()
    {
        var response = await _gateway.Admin.GetAsync("api/v2/admin/external-auth");
        var text = await response.Content.ReadAsStringAsync();

        var github = (await Json.ReadAsync(response)).AsArray().Single(p => p!["id"]!.GetValue<string>() == "github")!;
        Assert.Equal("configuration", github["source"]!.GetValue<string>());
        Assert.True(github["has_client_secret"]!.GetValue<bool>());
        Assert.Null(github["client_secret"]);
        Assert.DoesNotContain(_gateway.Provider("github").ClientSecret, text);
        Assert.Equal($"{_gateway.Emulator.InstanceUrl("gh")}/api/v3", github["api_base_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_provider_can_be_created_read_changed_and_deleted()
    {
        var created = await _gateway.Admin.PostAsJsonAsync("api/v2/admin/external-auth", NewProvider("team-gitlab"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json.ReadAsync(created);
        Assert.Equal("admin", body["source"]!.GetValue<string>());
        Assert.True(body["has_client_secret"]!.GetValue<bool>());
        Assert.DoesNotContain("s3cret-value", body.ToJsonString());

        var member = await _gateway.CreateUserAsync("alice");
        var list = await Json.ReadAsync(await member.Api.GetAsync("api/v2/external-auth"));
        Assert.Contains(list["providers"]!.AsArray(), p => p!["id"]!.GetValue<string>() == "team-gitlab");

        var changed = await _gateway.Admin.PutAsJsonAsync("api/v2/admin/external-auth/team-gitlab",
            new { type = "gitlab", display_name = "Renamed", client_id = "team-client", auth_url = $"{_gateway.Emulator.InstanceUrl("gl")}/oauth/authorize" });
        var renamed = await Json.ReadAsync(changed);
        Assert.Equal("Renamed", renamed["display_name"]!.GetValue<string>());
        Assert.True(renamed["has_client_secret"]!.GetValue<bool>()); // a missing secret keeps the stored one
        Assert.Equal("Renamed", (await Json.ReadAsync(await _gateway.Admin.GetAsync("api/v2/admin/external-auth/team-gitlab")))["display_name"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await _gateway.Admin.DeleteAsync("api/v2/admin/external-auth/team-gitlab")).StatusCode);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/admin/external-auth/team-gitlab"), 404);
        await Json.AssertErrorAsync(await _gateway.Admin.DeleteAsync("api/v2/admin/external-auth/team-gitlab"), 404);
        await Json.AssertErrorAsync(await member.Api.GetAsync("api/v2/external-auth/team-gitlab"), 404);
    }

    [Fact]
    public async Task Conflicts_and_bad_definitions_are_refused()
    {
        await Json.AssertErrorAsync(await _gateway.Admin.PostAsJsonAsync("api/v2/admin/external-auth", NewProvider("github")), 409);
        await Json.AssertErrorAsync(await _gateway.Admin.PutAsJsonAsync("api/v2/admin/external-auth/github", NewProvider("github")), 409);
        await Json.AssertErrorAsync(await _gateway.Admin.DeleteAsync("api/v2/admin/external-auth/github"), 409);
        await Json.AssertErrorAsync(await _gateway.Admin.PutAsJsonAsync("api/v2/admin/external-auth/nope", NewProvider("nope")), 404);
        await Json.AssertErrorAsync(await _gateway.Admin.PostAsJsonAsync("api/v2/admin/external-auth", NewProvider("Bad Id")), 400);
        var badType = await Json.AssertErrorAsync(await _gateway.Admin.PostAsJsonAsync("api/v2/admin/external-auth",
            new { id = "x1", type = "svn", client_id = "c" }), 400);
        Assert.NotEmpty(badType["validations"]!.AsArray());
        await Json.AssertErrorAsync(await _gateway.Admin.PostAsJsonAsync("api/v2/admin/external-auth",
            new { id = "x2", type = "gitlab", client_id = "c", auth_url = "not a url" }), 400);
        await Json.AssertErrorAsync(await _gateway.Admin.PutAsJsonAsync("api/v2/admin/external-auth/x3", NewProvider("x4")), 400);
    }

    [Fact]
    public async Task The_ssh_algorithm_is_read_and_set()
    {
        var initial = await Json.ReadAsync(await _gateway.Admin.GetAsync("api/v2/admin/ssh"));
        Assert.Equal(["keygen_algorithm"], Json.Fields(initial));
        Assert.Equal("ed25519", initial["keygen_algorithm"]!.GetValue<string>());

        var set = await _gateway.Admin.PutAsJsonAsync("api/v2/admin/ssh", new { keygen_algorithm = "rsa4096" });

        Assert.Equal("rsa4096", (await Json.ReadAsync(set))["keygen_algorithm"]!.GetValue<string>());
        Assert.Equal("rsa4096", (await Json.ReadAsync(await _gateway.Admin.GetAsync("api/v2/admin/ssh")))["keygen_algorithm"]!.GetValue<string>());
        await Json.AssertErrorAsync(await _gateway.Admin.PutAsJsonAsync("api/v2/admin/ssh", new { keygen_algorithm = "dsa" }), 400);
    }

    [Fact]
    public async Task The_bitbucket_server_public_key_is_a_pem()
    {
        var key = await Json.ReadAsync(await _gateway.Admin.GetAsync("api/v2/admin/bitbucket-server/public-key"));

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key["public_key"]!.GetValue<string>());
    }
}
