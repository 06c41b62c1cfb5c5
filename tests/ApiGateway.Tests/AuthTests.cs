using System.Net;
using System.Net.Http.Json;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.ApiGateway.Tests;

public sealed class AuthTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_session_token_works_in_Coders_header_as_a_bearer_token_and_as_the_cookie()
    {
        var alice = await _gateway.CreateUserAsync("alice");

        var viaHeader = await Json.ReadAsync(await alice.Api.GetAsync("api/v2/users/me"));
        var viaBearer = await Json.ReadAsync(await _gateway.BearerClient(alice.Token).GetAsync("api/v2/users/me"));
        using var browser = _gateway.Browser();
        browser.Cookies.Add(new Uri(_gateway.BaseUrl), new Cookie(SessionCredentials.CookieName, alice.Token));
        var viaCookie = await Json.ReadAsync(await browser.GetAsync("api/v2/users/me"));

        Assert.Equal(alice.Id, viaHeader["id"]!.GetValue<string>());
        Assert.Equal(alice.Id, viaBearer["id"]!.GetValue<string>());
        Assert.Equal(alice.Id, viaCookie["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_token_or_a_wrong_one_is_401_with_the_error_body()
    {
        await Json.AssertErrorAsync(await _gateway.Client().GetAsync("api/v2/users/me"), 401);
        await Json.AssertErrorAsync(await _gateway.Client("not-a-token").GetAsync("api/v2/users/me"), 401);
        await Json.AssertErrorAsync(await _gateway.Client(new string('a', 43)).GetAsync("api/v2/external-auth"), 401);
        await Json.AssertErrorAsync(await _gateway.BearerClient(TestGateway.AdminToken + "x").GetAsync("api/v2/admin/ssh"), 401);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var bob = await _gateway.CreateUserAsync("bob");
        var created = await bob.Api.PostAsJsonAsync("api/v2/users/me/keys", new { token_name = "laptop" });
        var second = (await Json.ReadAsync(created))["key"]!.GetValue<string>();
        var keys = (await Json.ReadAsync(await bob.Api.GetAsync("api/v2/users/me/keys"))).AsArray();
        var laptop = keys.Single(k => k!["token_name"]!.GetValue<string>() == "laptop")!;

        var revoked = await bob.Api.DeleteAsync($"api/v2/users/me/keys/{laptop["id"]}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await Json.AssertErrorAsync(await _gateway.Client(second).GetAsync("api/v2/users/me"), 401);
        Assert.Equal(HttpStatusCode.OK, (await bob.Api.GetAsync("api/v2/users/me")).StatusCode);
        await Json.AssertErrorAsync(await bob.Api.DeleteAsync($"api/v2/users/me/keys/{laptop["id"]}"), 404);
    }

    [Fact]
    public async Task Admin_routes_answer_403_to_members_and_serve_admins()
    {
        var member = await _gateway.CreateUserAsync("carol");
        var admin = await _gateway.CreateUserAsync("dave", "admin");

        await Json.AssertErrorAsync(await member.Api.GetAsync("api/v2/admin/external-auth"), 403);
        await Json.AssertErrorAsync(await member.Api.PostAsJsonAsync("api/v2/users", new { username = "eve" }), 403);
        await Json.AssertErrorAsync(await member.Api.PutAsJsonAsync("api/v2/admin/ssh", new { keygen_algorithm = "ecdsa" }), 403);
        Assert.Equal(HttpStatusCode.OK, (await admin.Api.GetAsync("api/v2/admin/external-auth")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.Admin.GetAsync("api/v2/admin/external-auth")).StatusCode);
    }

    [Fact]
    public async Task Granting_the_admin_role_takes_effect_on_the_next_request()
    {
        var frank = await _gateway.CreateUserAsync("frank");
        await Json.AssertErrorAsync(await frank.Api.GetAsync("api/v2/admin/ssh"), 403);

        var granted = await _gateway.Admin.PutAsJsonAsync("api/v2/users/frank/roles", new { roles = new[] { "admin" } });

        Assert.Equal("admin", (await Json.ReadAsync(granted))["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await frank.Api.GetAsync("api/v2/admin/ssh")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_browser_session()
    {
        await _gateway.CreateUserAsync("heidi");
        var link = (await Json.ReadAsync(await _gateway.Admin.PostAsync("api/v2/users/heidi/login-link", null)))["url"]!.GetValue<string>();
        using var browser = _gateway.Browser();
        await browser.ConfirmSignInLinkAsync(link);
        var session = browser.Cookie(SessionCredentials.CookieName)!;

        var signedOut = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "logout"));

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        await Json.AssertErrorAsync(await browser.GetAsync("api/v2/users/me"), 401);
        await Json.AssertErrorAsync(await _gateway.Client(session).GetAsync("api/v2/users/me"), 401);
    }

    [Fact]
    public void Every_route_either_requires_a_caller_or_says_it_is_anonymous()
    {
        var endpoints = _gateway.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints;

        var unguarded = endpoints
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null
                        && e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null)
            .Select(e => e.DisplayName)
            .ToList();

        Assert.Empty(unguarded);
    }
}
