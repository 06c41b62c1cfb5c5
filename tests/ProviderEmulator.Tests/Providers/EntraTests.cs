using System.Net;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class EntraTests : ProviderTest
{
    private const string AdoScope = "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access";
    private string Authorize => Url("entra", "/organizations/oauth2/v2.0/authorize");
    private string TokenUrl => Url("entra", "/organizations/oauth2/v2.0/token");

    [Fact]
    public async Task Web_flow_gives_ado_token_and_refresh_keeps_the_old_refresh_token_alive()
    {
        var client = await SetUpAsync("entra");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, AdoScope);
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.InRange(tokens.GetProperty("expires_in").GetInt32(), 3600, 5400);
        var access = tokens.GetProperty("access_token").GetString()!;
        var refresh = tokens.GetProperty("refresh_token").GetString()!;

        using var profile = await GetWithBearer(Url("entra", "/_apis/profile/profiles/me?api-version=7.1"), access);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("alice@example.com", (await JsonOf(profile)).GetProperty("emailAddress").GetString());

        using var first = await client.RefreshAsync(TokenUrl, refresh);
        Assert.NotEqual(refresh, (await JsonOf(first)).GetProperty("refresh_token").GetString());
        using var again = await client.RefreshAsync(TokenUrl, refresh);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var stillValid = await GetWithBearer(Url("entra", "/_apis/profile/profiles/me"), access);
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    [Fact]
    public async Task No_refresh_token_without_offline_access_and_graph_tokens_do_not_open_azure_devops()
    {
        var client = await SetUpAsync("entra");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "User.Read");
        Assert.False(tokens.TryGetProperty("refresh_token", out _));
        using var profile = await GetWithBearer(Url("entra", "/_apis/profile/profiles/me"), tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, profile.StatusCode);
        Assert.Contains("Bearer authorization_uri=", profile.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Bad_refresh_token_is_invalid_grant_with_aadsts_text()
    {
        var client = await SetUpAsync("entra");
        using var response = await client.RefreshAsync(TokenUrl, "not-a-refresh-token");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await JsonOf(response);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS", body.GetProperty("error_description").GetString());
        Assert.True(body.GetProperty("error_codes").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Device_code_flow_declined_and_approved()
    {
        var client = await SetUpAsync("entra", app: new RegisterAppRequest("public-client", null, [Callback.RedirectUri]));
        async Task<System.Text.Json.JsonElement> Start()
        {
            using var response = await client.TokenAsync(Url("entra", "/common/oauth2/v2.0/devicecode"), new Dictionary<string, string> { ["scope"] = AdoScope });
            return await JsonOf(response);
        }

        async Task<System.Text.Json.JsonElement> Poll(string deviceCode)
        {
            using var response = await client.TokenAsync(TokenUrl, new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["device_code"] = deviceCode,
            });
            return await JsonOf(response);
        }

        var declined = await Start();
        Assert.Contains("/devicelogin", declined.GetProperty("message").GetString());
        Assert.Equal("authorization_pending", (await Poll(declined.GetProperty("device_code").GetString()!)).GetProperty("error").GetString());
        Assert.Equal("authorization_pending", (await Poll(declined.GetProperty("device_code").GetString()!)).GetProperty("error").GetString());
        await Control.DenyDeviceAsync("entra", declined.GetProperty("user_code").GetString()!);
        Assert.Equal("authorization_declined", (await Poll(declined.GetProperty("device_code").GetString()!)).GetProperty("error").GetString());

        var approved = await Start();
        await Control.ApproveDeviceAsync("entra", approved.GetProperty("user_code").GetString()!, "alice");
        Assert.True((await Poll(approved.GetProperty("device_code").GetString()!)).TryGetProperty("refresh_token", out _));
        Assert.Equal("bad_verification_code", (await Poll("unknown")).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Azure_devops_pat_works_with_basic_and_lists_org_repositories()
    {
        await Control.CreateAccountAsync("entra", "heidi");
        await Control.SeedRepositoriesAsync("entra", "heidi", [new("service", Owner: "contoso", Project: "Platform"), new("other", Owner: "fabrikam")]);
        var pat = (await Control.IssuePersonalAccessTokenAsync("entra", "heidi")).Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("entra", "/contoso/_apis/git/repositories?api-version=7.1"));
        request.Headers.Authorization = Basic("", pat);
        using var response = await Http.SendAsync(request);
        var body = await JsonOf(response);
        Assert.Equal(1, body.GetProperty("count").GetInt32());
        Assert.Equal("refs/heads/main", body.GetProperty("value")[0].GetProperty("defaultBranch").GetString());
        Assert.Contains("/contoso/Platform/_git/service", body.GetProperty("value")[0].GetProperty("remoteUrl").GetString());
    }
}
