using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.ApiGateway.Users;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>The list checks authenticated with the provider as Coder does, at most once per cache age per link.</summary>
public sealed class ExternalAuthValidationCacheTests : IAsyncLifetime
{
    private readonly AdjustableTime _time = new();
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(new GatewaySetup { Time = _time });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private static async Task<System.Text.Json.Nodes.JsonNode> LinkInListAsync(TestUser user) =>
        Assert.Single((await Json.ReadAsync(await user.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray())!;

    [Fact]
    public async Task A_token_revoked_at_the_provider_shows_authenticated_false_once_the_cache_has_passed()
    {
        var ivy = await _gateway.CreateUserAsync("ivy");
        await _gateway.LinkAsync(ivy, "github");
        var token = (await Json.ReadAsync(await ivy.Api.GetAsync("api/v2/git/credentials?id=github")))["access_token"]!.GetValue<string>();
        Assert.True((await LinkInListAsync(ivy))["authenticated"]!.GetValue<bool>());
        var validations = await _gateway.Emulator.Client.GetEndpointCallsAsync("gh", "user");

        await _gateway.Emulator.Client.RevokeTokenAsync(token);
        var cached = await LinkInListAsync(ivy);
        var polled = await LinkInListAsync(ivy);
        var validationsWhileCached = await _gateway.Emulator.Client.GetEndpointCallsAsync("gh", "user");
        _time.Offset = LinkValidationCache.MaxAge + TimeSpan.FromSeconds(1);
        var checkedAgain = await LinkInListAsync(ivy);

        // Within the cache age a polling dashboard costs the provider nothing...
        Assert.True(cached["authenticated"]!.GetValue<bool>());
        Assert.True(polled["authenticated"]!.GetValue<bool>());
        Assert.Equal(validations, validationsWhileCached);
        // ...and after it the revoked token is seen for what it is.
        Assert.False(checkedAgain["authenticated"]!.GetValue<bool>());
        Assert.NotEqual("", checkedAgain["validate_error"]!.GetValue<string>());
    }
}
