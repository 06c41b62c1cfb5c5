using System.Net;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.TestSupport;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>What was stored survives a restart: users, session keys and links, on SQLite and PostgreSQL.</summary>
public sealed class StorageTests
{
    [Fact]
    public Task Users_keys_and_links_survive_a_restart_on_SQLite() => SurvivesRestartAsync(new GatewaySetup());

    [PostgresFact]
    public async Task Users_keys_and_links_survive_a_restart_on_PostgreSQL() => await SurvivesRestartAsync(new GatewaySetup
    {
        Settings =
        {
            ["GitIntegration:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = await TestPostgres.CreateDatabaseAsync(),
        },
    });

    private static async Task SurvivesRestartAsync(GatewaySetup setup)
    {
        await using var gateway = await TestGateway.StartAsync(setup);
        var alice = await gateway.CreateUserAsync("alice");
        await gateway.LinkAsync(alice, "github");
        var token = (await Json.ReadAsync(await alice.Api.GetAsync("api/v2/git/credentials?id=github")))["access_token"]!.GetValue<string>();
        var sshKey = (await Json.ReadAsync(await alice.Api.GetAsync("api/v2/users/me/gitsshkey")))["public_key"]!.GetValue<string>();

        await gateway.RestartAsync();
        using var api = gateway.Client(alice.Token);

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client().GetAsync("readyz")).StatusCode);
        Assert.Equal(alice.Id, (await Json.ReadAsync(await api.GetAsync("api/v2/users/alice")))["id"]!.GetValue<string>());
        Assert.Equal(token, (await Json.ReadAsync(await api.GetAsync("api/v2/git/credentials?id=github")))["access_token"]!.GetValue<string>());
        Assert.Equal(sshKey, (await Json.ReadAsync(await api.GetAsync("api/v2/users/me/gitsshkey")))["public_key"]!.GetValue<string>());
        Assert.True((await Json.ReadAsync(await api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
    }
}
