using System.Net;
using System.Security.Cryptography;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

public sealed class BitbucketServerTests : ProviderTest
{
    private string Authorize => Url("bitbucket-server", "/rest/oauth2/latest/authorize");
    private string TokenUrl => Url("bitbucket-server", "/rest/oauth2/latest/token");
    private string Properties => Url("bitbucket-server", "/rest/api/latest/application-properties");

    [Fact]
    public async Task OAuth2_flow_rotates_refresh_tokens_and_the_bearer_is_named_in_x_ausername()
    {
        var client = await SetUpAsync("bitbucket-server", login: "Frank");
        var tokens = await client.WebFlowAsync(Authorize, TokenUrl, "REPO_READ ACCOUNT_WRITE");
        Assert.Equal(3600, tokens.GetProperty("expires_in").GetInt32());
        var access = tokens.GetProperty("access_token").GetString()!;

        using var properties = await GetWithBearer(Properties, access);
        Assert.Equal("frank", properties.Headers.GetValues("X-AUSERNAME").Single());
        Assert.True(long.Parse(properties.Headers.GetValues("X-AUSERID").Single()) > 0);
        using var user = await GetWithBearer(Url("bitbucket-server", "/rest/api/1.0/users/frank?avatarSize=48"), access);
        var body = await JsonOf(user);
        Assert.Equal("FRANK Example", body.GetProperty("displayName").GetString());
        Assert.True(body.TryGetProperty("avatarUrl", out _));

        using var refreshed = await client.RefreshAsync(TokenUrl, tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var reuse = await client.RefreshAsync(TokenUrl, tokens.GetProperty("refresh_token").GetString()!);
        Assert.Equal("invalid_grant", (await JsonOf(reuse)).GetProperty("error").GetString());
        using var oldAccess = await GetWithBearer(Properties, access);
        Assert.Equal(HttpStatusCode.Unauthorized, oldAccess.StatusCode);
        Assert.True((await JsonOf(oldAccess)).GetProperty("errors").GetArrayLength() == 1);
    }

    [Fact]
    public async Task Anonymous_application_properties_carry_no_user_headers()
    {
        using var response = await Http.GetAsync(Properties);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-AUSERNAME"));
        Assert.Equal("Bitbucket", (await JsonOf(response)).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task OAuth1_rsa_sha1_dance_then_signed_api_calls()
    {
        using var rsa = RSA.Create(2048);
        await Control.CreateAccountAsync("bitbucket-server", "grace");
        await Control.RegisterOAuth1ConsumerAsync("bitbucket-server", rsa.ExportSubjectPublicKeyInfoPem());
        await Control.UpdateSettingsAsync("bitbucket-server", new(AutoApprove: "grace"));
        var signer = new OAuth1Signer(rsa, "GitIntegration");

        var requestTokenUrl = Url("bitbucket-server", "/plugins/servlet/oauth/request-token");
        using var requestToken = new HttpRequestMessage(HttpMethod.Post, requestTokenUrl);
        requestToken.Headers.TryAddWithoutValidation("Authorization",
            signer.AuthorizationHeader(HttpMethod.Post, requestTokenUrl, new Dictionary<string, string> { ["oauth_callback"] = Callback.RedirectUri }));
        using var requestTokenResponse = await Http.SendAsync(requestToken);
        var issued = System.Web.HttpUtility.ParseQueryString(await requestTokenResponse.Content.ReadAsStringAsync());
        Assert.Equal("true", issued["oauth_callback_confirmed"]);

        using var authorize = await Http.GetAsync(Url("bitbucket-server", "/plugins/servlet/oauth/authorize?oauth_token=" + issued["oauth_token"]));
        var callback = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(await authorize.Content.ReadAsStringAsync())!;
        Assert.Equal(issued["oauth_token"], callback["oauth_token"]);

        var accessTokenUrl = Url("bitbucket-server", "/plugins/servlet/oauth/access-token");
        using var accessRequest = new HttpRequestMessage(HttpMethod.Post, accessTokenUrl);
        accessRequest.Headers.TryAddWithoutValidation("Authorization", signer.AuthorizationHeader(HttpMethod.Post, accessTokenUrl,
            new Dictionary<string, string> { ["oauth_token"] = callback["oauth_token"], ["oauth_verifier"] = callback["oauth_verifier"] }));
        using var accessResponse = await Http.SendAsync(accessRequest);
        var access = System.Web.HttpUtility.ParseQueryString(await accessResponse.Content.ReadAsStringAsync());
        Assert.NotNull(access["oauth_token"]);

        var reposUrl = Url("bitbucket-server", "/rest/api/latest/repos?limit=10");
        var header = signer.AuthorizationHeader(HttpMethod.Get, reposUrl, new Dictionary<string, string> { ["oauth_token"] = access["oauth_token"]! }, nonce: "n-1");
        using var signed = new HttpRequestMessage(HttpMethod.Get, reposUrl);
        signed.Headers.TryAddWithoutValidation("Authorization", header);
        using var repos = await Http.SendAsync(signed);
        Assert.Equal(HttpStatusCode.OK, repos.StatusCode);
        Assert.Equal("grace", repos.Headers.GetValues("X-AUSERNAME").Single());
        Assert.True((await JsonOf(repos)).GetProperty("isLastPage").GetBoolean());

        using var replay = new HttpRequestMessage(HttpMethod.Get, reposUrl);
        replay.Headers.TryAddWithoutValidation("Authorization", header);
        using var replayed = await Http.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("nonce_used", replayed.Headers.WwwAuthenticate.ToString());

        using var otherKey = RSA.Create(2048);
        var forged = new OAuth1Signer(otherKey, "GitIntegration").AuthorizationHeader(HttpMethod.Get, reposUrl,
            new Dictionary<string, string> { ["oauth_token"] = access["oauth_token"]! });
        using var forgedRequest = new HttpRequestMessage(HttpMethod.Get, reposUrl);
        forgedRequest.Headers.TryAddWithoutValidation("Authorization", forged);
        using var rejected = await Http.SendAsync(forgedRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Contains("signature_invalid", rejected.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task OAuth1_request_token_with_an_unknown_consumer_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var url = Url("bitbucket-server", "/plugins/servlet/oauth/request-token");
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.TryAddWithoutValidation("Authorization", new OAuth1Signer(rsa, "nobody").AuthorizationHeader(HttpMethod.Post, url,
            new Dictionary<string, string> { ["oauth_callback"] = "oob" }));
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("oauth_problem=consumer_key_unknown", await response.Content.ReadAsStringAsync());
    }
}
