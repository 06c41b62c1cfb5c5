using System.Net;
using System.Net.Http.Json;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

public sealed class UserTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task An_admin_creates_a_user_that_can_be_found_by_name_id_and_me()
    {
        var created = await _gateway.Admin.PostAsJsonAsync("api/v2/users", new { username = "Alice" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = await Json.ReadAsync(created);
        Assert.Equal(Json.Sorted("id", "username", "role", "created_at", "linked_providers"), Json.Fields(user));
        Assert.Equal("Alice", user["username"]!.GetValue<string>());
        Assert.Equal("member", user["role"]!.GetValue<string>());
        var id = user["id"]!.GetValue<string>();
        Assert.Equal(id, (await Json.ReadAsync(await _gateway.Admin.GetAsync("api/v2/users/alice")))["id"]!.GetValue<string>());
        Assert.Equal(id, (await Json.ReadAsync(await _gateway.Admin.GetAsync($"api/v2/users/{id}")))["id"]!.GetValue<string>());
        var key = (await Json.ReadAsync(await _gateway.Admin.PostAsync($"api/v2/users/{id}/keys", null)))["key"]!.GetValue<string>();
        Assert.Equal(id, (await Json.ReadAsync(await _gateway.Client(key).GetAsync("api/v2/users/me")))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_taken_or_invalid_username_is_refused()
    {
        await _gateway.CreateUserAsync("bob");

        await Json.AssertErrorAsync(await _gateway.Admin.PostAsJsonAsync("api/v2/users", new { username = "BOB" }), 409);
        var invalid = await Json.AssertErrorAsync(await _gateway.Admin.PostAsJsonAsync("api/v2/users", new { username = "" }), 400);
        Assert.Equal("username", invalid["validations"]![0]!["field"]!.GetValue<string>());
        await Json.AssertErrorAsync(await _gateway.Admin.PostAsJsonAsync("api/v2/users", new { username = "has space" }), 400);
        await Json.AssertErrorAsync(await _gateway.Admin.PostAsJsonAsync("api/v2/users", new { username = "ok", role = "owner" }), 400);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/users/nobody"), 404);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/users/%E2%98%83"), 404);
    }

    [Fact]
    public async Task A_member_manages_only_their_own_keys()
    {
        var carol = await _gateway.CreateUserAsync("carol");
        var dave = await _gateway.CreateUserAsync("dave");

        var created = await carol.Api.PostAsJsonAsync("api/v2/users/carol/keys", new { token_name = "ci", lifetime_seconds = 3600 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["key"], Json.Fields(await Json.ReadAsync(created)));
        var keys = (await Json.ReadAsync(await carol.Api.GetAsync("api/v2/users/me/keys"))).AsArray();
        var ci = keys.Single(k => k!["token_name"]!.GetValue<string>() == "ci")!;
        Assert.Equal(Json.Sorted("id", "token_name", "created_at", "expires_at"), Json.Fields(ci));
        Assert.NotNull(ci["expires_at"]);
        await Json.AssertErrorAsync(await dave.Api.PostAsync("api/v2/users/carol/keys", null), 404);
        await Json.AssertErrorAsync(await dave.Api.DeleteAsync($"api/v2/users/carol/keys/{ci["id"]}"), 404);
        await Json.AssertErrorAsync(await dave.Api.DeleteAsync($"api/v2/users/me/keys/{ci["id"]}"), 404);
        await Json.AssertErrorAsync(await carol.Api.PostAsJsonAsync("api/v2/users/me/keys", new { lifetime_seconds = 5 }), 400);
        Assert.Equal(HttpStatusCode.NoContent, (await _gateway.Admin.DeleteAsync($"api/v2/users/carol/keys/{ci["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Roles_and_sign_in_links_are_for_admins()
    {
        var ivan = await _gateway.CreateUserAsync("ivan");

        await Json.AssertErrorAsync(await ivan.Api.PutAsJsonAsync("api/v2/users/me/roles", new { roles = new[] { "admin" } }), 403);
        await Json.AssertErrorAsync(await ivan.Api.PostAsync("api/v2/users/me/login-link", null), 403);
        await Json.AssertErrorAsync(await _gateway.Admin.PutAsJsonAsync("api/v2/users/ivan/roles", new { roles = new[] { "root" } }), 400);
        await Json.AssertErrorAsync(await _gateway.Admin.PutAsJsonAsync("api/v2/users/nobody/roles", new { roles = new[] { "admin" } }), 404);
        await Json.AssertErrorAsync(await _gateway.Admin.PostAsync("api/v2/users/nobody/login-link", null), 404);
        var link = await Json.ReadAsync(await _gateway.Admin.PostAsync("api/v2/users/ivan/login-link", null));
        Assert.Equal(Json.Sorted("url", "expires_at"), Json.Fields(link));
        Assert.StartsWith($"{_gateway.BaseUrl}/login/token?key=", link["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_git_ssh_key_has_Coders_shape_and_regenerates()
    {
        var erin = await _gateway.CreateUserAsync("erin");

        var key = await Json.ReadAsync(await erin.Api.GetAsync("api/v2/users/me/gitsshkey"));
        var again = await Json.ReadAsync(await erin.Api.GetAsync($"api/v2/users/{erin.Id}/gitsshkey"));
        var regenerated = await Json.ReadAsync(await erin.Api.PutAsync("api/v2/users/erin/gitsshkey", null));

        Assert.Equal(Json.Sorted("user_id", "created_at", "updated_at", "public_key"), Json.Fields(key));
        Assert.Equal(erin.Id, key["user_id"]!.GetValue<string>());
        Assert.StartsWith("ssh-ed25519 ", key["public_key"]!.GetValue<string>());
        Assert.Equal(key.ToJsonString(), again.ToJsonString());
        Assert.NotEqual(key["public_key"]!.GetValue<string>(), regenerated["public_key"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_private_key_goes_only_to_its_owner()
    {
        var frank = await _gateway.CreateUserAsync("frank");
        var admin = await _gateway.CreateUserAsync("grace", "admin");
        var publicKey = (await Json.ReadAsync(await frank.Api.GetAsync("api/v2/users/me/gitsshkey")))["public_key"]!.GetValue<string>();

        var own = await frank.Api.GetAsync("api/v2/users/me/gitsshkey/private");

        var body = await Json.ReadAsync(own);
        Assert.Equal(Json.Sorted("user_id", "public_key", "private_key"), Json.Fields(body));
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", body["private_key"]!.GetValue<string>());
        Assert.Equal(publicKey, body["public_key"]!.GetValue<string>());
        Assert.Equal("no-store", own.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await admin.Api.GetAsync("api/v2/users/frank/gitsshkey")).StatusCode);
        await Json.AssertErrorAsync(await admin.Api.GetAsync("api/v2/users/frank/gitsshkey/private"), 404);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/users/frank/gitsshkey/private"), 404);
        await Json.AssertErrorAsync(await _gateway.Admin.GetAsync("api/v2/users/me/gitsshkey/private"), 404);
    }

    [Fact]
    public async Task The_admin_algorithm_applies_to_new_keys()
    {
        var set = await _gateway.Admin.PutAsJsonAsync("api/v2/admin/ssh", new { keygen_algorithm = "ecdsa" });
        Assert.Equal("ecdsa", (await Json.ReadAsync(set))["keygen_algorithm"]!.GetValue<string>());
        var heidi = await _gateway.CreateUserAsync("heidi");

        var key = await Json.ReadAsync(await heidi.Api.GetAsync("api/v2/users/me/gitsshkey"));

        Assert.StartsWith("ecdsa-sha2-nistp256 ", key["public_key"]!.GetValue<string>());
    }
}
