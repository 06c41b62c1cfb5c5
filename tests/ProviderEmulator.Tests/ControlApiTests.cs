using System.Net;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests;

public sealed class ControlApiTests : ProviderTest
{
    [Fact]
    public async Task Default_instances_exist_and_extra_instances_of_a_type_have_independent_state()
    {
        var names = (await Control.GetInstancesAsync()).Select(i => i.Name).ToList();
        Assert.Equal(["bitbucket", "bitbucket-server", "entra", "gitea", "github", "gitlab", "oauth2"], names);

        var ghe = await Control.CreateInstanceAsync("ghe", "github");
        Assert.Equal(Emulator.InstanceUrl("ghe"), ghe.BaseUrl);
        await Control.CreateAccountAsync("ghe", "lee");
        var pat = (await Control.IssuePersonalAccessTokenAsync("ghe", "lee")).Token;

        using var onGhe = await GetWithBearer(Url("ghe", "/api/v3/user"), pat);
        Assert.Equal(HttpStatusCode.OK, onGhe.StatusCode);
        using var onGithub = await GetWithBearer(Url("github", "/api/v3/user"), pat);
        Assert.Equal(HttpStatusCode.Unauthorized, onGithub.StatusCode);
        Assert.Empty(await Control.GetAccountsAsync("github"));

        var conflict = await Assert.ThrowsAsync<EmulatorControlException>(() => Control.CreateInstanceAsync("ghe", "github"));
        Assert.Equal(409, conflict.Status);
    }

    [Fact]
    public async Task Introspection_reports_active_tokens_and_revocation_ends_them()
    {
        await Control.CreateAccountAsync("gitea", "mia");
        var pat = (await Control.IssuePersonalAccessTokenAsync("gitea", "mia", new IssuePatRequest(ExpiresInSeconds: 3600))).Token;
        var result = await Control.IntrospectAsync(pat);
        Assert.True(result.Active);
        Assert.Equal("gitea", result.Instance);
        Assert.Equal("mia", result.Login);
        Assert.NotNull(result.ExpiresAt);

        await Control.RevokeTokenAsync(pat);
        Assert.False((await Control.IntrospectAsync(pat)).Active);
        Assert.False((await Control.IntrospectAsync("never-issued")).Active);
    }

    [Fact]
    public async Task Reset_forgets_everything_and_recreates_the_defaults()
    {
        await Control.CreateInstanceAsync("extra", "gitlab");
        await Control.CreateAccountAsync("gitlab", "noah");
        await Control.AddFaultAsync(new FaultSpec(Instance: "gitlab", Status: 500));
        await Control.ResetAsync();

        Assert.DoesNotContain(await Control.GetInstancesAsync(), i => i.Name == "extra");
        Assert.Empty(await Control.GetAccountsAsync("gitlab"));
        Assert.Empty(await Control.GetFaultsAsync());
        Assert.Empty((await Control.GetCountersAsync()).Endpoints);
    }

    [Fact]
    public async Task Bad_control_input_answers_4xx()
    {
        var unknownType = await Assert.ThrowsAsync<EmulatorControlException>(() => Control.CreateInstanceAsync("x", "sourceforge"));
        Assert.Equal(400, unknownType.Status);
        var missing = await Assert.ThrowsAsync<EmulatorControlException>(() => Control.CreateAccountAsync("nope", "someone"));
        Assert.Equal(404, missing.Status);
        var kind = await Assert.ThrowsAsync<EmulatorControlException>(() =>
            Control.RegisterAppAsync("gitlab", new RegisterAppRequest("a", "b", Kind: "github-app")));
        Assert.Equal(400, kind.Status);
    }

    [Fact]
    public async Task Personal_access_tokens_work_on_each_providers_api()
    {
        foreach (var instance in new[] { "github", "gitlab", "gitea", "bitbucket-server", "oauth2" })
        {
            await Control.CreateAccountAsync(instance, "olga");
        }

        async Task<HttpStatusCode> Call(string instance, string path, string scheme = "Bearer") =>
            (await GetWithBearer(Url(instance, path), (await Control.IssuePersonalAccessTokenAsync(instance, "olga")).Token, scheme)).StatusCode;

        Assert.Equal(HttpStatusCode.OK, await Call("github", "/api/v3/user", "token"));
        Assert.Equal(HttpStatusCode.OK, await Call("gitlab", "/api/v4/user"));
        Assert.Equal(HttpStatusCode.OK, await Call("gitea", "/api/v1/user", "token"));
        Assert.Equal(HttpStatusCode.OK, await Call("bitbucket-server", "/rest/api/latest/inbox/pull-requests/count"));
        Assert.Equal(HttpStatusCode.OK, await Call("oauth2", "/userinfo"));
    }
}
