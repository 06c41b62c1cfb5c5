using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;
using Octokit;
using Octokit.Internal;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

/// <summary>
/// Octokit 14 against the emulated GitHub: every answer must deserialize into Octokit's models, page through
/// absolute Link headers, and fail the way Octokit expects (GitHub's error body, rate-limit headers), at the
/// github.com-style instance root, under /api/v3, and at the host root as Octokit builds Enterprise URLs.
/// </summary>
public sealed class GitHubOctokitTests : ProviderTest
{
    private static readonly ProductHeaderValue Product = new("emulator-tests");

    private GitHubClient Client(string baseUrl, string? token) =>
        new(new Connection(Product, new Uri(baseUrl), new InMemoryCredentialStore(token is null ? Credentials.Anonymous : new Credentials(token, AuthenticationType.Bearer)),
            new HttpClientAdapter(() => new SocketsHttpHandler()), new SimpleJsonSerializer()));

    private async Task<string> PatAsync(string login = "alice")
    {
        await Control.CreateAccountAsync("github", login, login.ToUpperInvariant() + " Example", login + "@example.test");
        return (await Control.IssuePersonalAccessTokenAsync("github", login)).Token;
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v3/")]
    public async Task The_user_emails_and_ssh_keys_read_into_octokit_models_and_page_by_link_headers(string prefix)
    {
        var github = Client(Url("github", prefix), await PatAsync());

        var user = await github.User.Current();
        var emails = await github.User.Email.GetAll();
        var created = new List<PublicKey>();
        for (var i = 0; i < 3; i++)
            created.Add(await github.User.GitSshKey.Create(new NewPublicKey($"key {i}", SshKeygen.Generate().PublicKey)));
        var all = await github.User.GitSshKey.GetAllForCurrent(new ApiOptions { PageSize = 2 });
        var one = await github.User.GitSshKey.Get(created[1].Id);
        await github.User.GitSshKey.Delete(created[1].Id);
        var gone = await Assert.ThrowsAsync<NotFoundException>(() => github.User.GitSshKey.Get(created[1].Id));

        Assert.Equal("alice", user.Login);
        Assert.Equal("ALICE Example", user.Name);
        Assert.True(user.Id > 0);
        Assert.Equal("alice@example.test", Assert.Single(emails, e => e.Primary && e.Verified).Email);
        Assert.Equal(created.Select(k => k.Id), all.Select(k => k.Id));
        Assert.Equal("key 1", one.Title);
        Assert.StartsWith("ssh-ed25519 ", one.Key);
        Assert.Equal("Not Found", gone.ApiError.Message);
        Assert.NotNull(gone.ApiError.DocumentationUrl);
    }

    [Fact]
    public async Task An_enterprise_client_built_by_octokit_reaches_the_instance_from_the_host_root()
    {
        var token = await PatAsync();
        var github = new GitHubClient(Product, new Uri(Emulator.BaseUrl + "/")) { Credentials = new Credentials(token, AuthenticationType.Bearer) };

        var user = await github.User.Current();

        Assert.Equal(new Uri(Emulator.BaseUrl + "/api/v3/"), github.Connection.BaseAddress);
        Assert.Equal("alice", user.Login);
    }

    [Fact]
    public async Task Octokits_oauth_calls_exchange_the_code_without_grant_type_start_the_device_flow_and_renew()
    {
        var app = new RegisterAppRequest("Iv1.octo", "octo-secret", [Callback.RedirectUri], Kind: "github-app", DeviceFlow: true);
        var oauth = await SetUpAsync("github", app: app);
        var github = Client(Url("github", "/api/v3/"), null);

        var callback = await oauth.AuthorizeAsync(Url("github", "/login/oauth/authorize"), null, null);
        var token = await github.Oauth.CreateAccessToken(new OauthTokenRequest(app.ClientId, app.ClientSecret, callback["code"])
        {
            RedirectUri = new Uri(Callback.RedirectUri),
        });
        var renewed = await github.Oauth.CreateAccessTokenFromRenewalToken(new OauthTokenRenewalRequest(app.ClientId, app.ClientSecret, token.RefreshToken));
        var reused = await github.Oauth.CreateAccessTokenFromRenewalToken(new OauthTokenRenewalRequest(app.ClientId, app.ClientSecret, token.RefreshToken));
        var device = await github.Oauth.InitiateDeviceFlow(new OauthDeviceFlowRequest(app.ClientId));
        await Control.ApproveDeviceAsync("github", device.UserCode, "alice");
        var deviceToken = await github.Oauth.CreateAccessTokenForDeviceFlow(app.ClientId, device);

        Assert.Null(token.Error);
        Assert.StartsWith("ghu_", token.AccessToken);
        Assert.Equal(28800, token.ExpiresIn);
        Assert.StartsWith("ghr_", token.RefreshToken);
        Assert.NotEqual(token.AccessToken, renewed.AccessToken);
        Assert.Equal("bad_refresh_token", reused.Error);
        Assert.Null(reused.AccessToken);
        Assert.Equal(Url("github", "/login/device"), device.VerificationUri);
        Assert.True(device.Interval > 0);
        Assert.StartsWith("ghu_", deviceToken.AccessToken);
    }

    [Fact]
    public async Task Installations_and_their_repositories_read_into_octokit_models()
    {
        var app = new RegisterAppRequest("Iv1.inst", "s", [Callback.RedirectUri], Kind: "github-app");
        var oauth = await SetUpAsync("github", app: app);
        await Control.SeedInstallationAsync("github", "alice",
            new SeedInstallation(AccountLogin: "acme", TargetType: "Organization", Repositories: ["acme/api", "acme/web", "acme/docs"]));
        var token = (await oauth.WebFlowAsync(Url("github", "/login/oauth/authorize"), Url("github", "/login/oauth/access_token"), null))
            .GetProperty("access_token").GetString()!;
        var github = Client(Url("github", "/api/v3/"), token);

        var installations = await github.GitHubApps.GetAllInstallationsForCurrentUser();
        var installation = Assert.Single(installations.Installations);
        var repositories = await github.GitHubApps.Installation.GetAllRepositoriesForCurrentUser(installation.Id, new ApiOptions { PageSize = 2 });

        Assert.Equal(1, installations.TotalCount);
        Assert.Equal("acme", installation.Account.Login);
        Assert.Equal(AccountType.Organization, installation.TargetType.Value);
        Assert.Equal(3, repositories.TotalCount);
        Assert.Equal(["acme/api", "acme/docs", "acme/web"], repositories.Repositories.Select(r => r.FullName).Order());
        Assert.All(repositories.Repositories, r => Assert.Equal("acme", r.Owner.Login));
    }

    [Fact]
    public async Task Repositories_and_rate_limits_read_into_octokit_models()
    {
        var token = await PatAsync("bob");
        await Control.SeedRepositoriesAsync("github", "bob", Enumerable.Range(1, 3).Select(i => new SeedRepository($"repo{i}", Private: i == 1)));
        var github = Client(Url("github", "/"), token);

        var repositories = await github.Repository.GetAllForCurrent(new ApiOptions { PageSize = 2 });
        var limits = await github.RateLimit.GetRateLimits();

        Assert.Equal(["bob/repo1", "bob/repo2", "bob/repo3"], repositories.Select(r => r.FullName));
        Assert.True(repositories[0].Private);
        Assert.EndsWith("/bob/repo1.git", repositories[0].CloneUrl);
        Assert.Equal(5000, limits.Resources.Core.Limit);
        Assert.Equal(limits.Rate.Remaining, limits.Resources.Core.Remaining);
    }

    [Fact]
    public async Task Every_error_carries_githubs_body_and_the_rate_limit_headers()
    {
        var token = await PatAsync();
        var github = Client(Url("github", "/api/v3/"), token);
        var stranger = Client(Url("github", "/api/v3/"), "not-a-token");

        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => github.Connection.Get<object>(new Uri("no/such/path", UriKind.Relative), null));
        var unauthorized = await Assert.ThrowsAsync<AuthorizationException>(() => stranger.User.Current());
        var invalid = await Assert.ThrowsAsync<ApiValidationException>(() => github.User.GitSshKey.Create(new NewPublicKey("t", "ssh-ed25519 bm90IGEga2V5")));

        foreach (var error in new ApiException[] { unknown, unauthorized, invalid })
        {
            Assert.False(string.IsNullOrEmpty(error.ApiError.Message));
            Assert.StartsWith("https://docs.github.com/", error.ApiError.DocumentationUrl);
            Assert.Equal("application/json", error.HttpResponse.ContentType);
            Assert.True(error.HttpResponse.ApiInfo.RateLimit.Limit > 0);
        }
        Assert.Equal("Bad credentials", unauthorized.ApiError.Message);
        Assert.Equal("key", invalid.ApiError.Errors.Single().Field);
    }

    [Fact]
    public async Task An_exhausted_rate_limit_is_octokits_rate_limit_exception()
    {
        var token = await PatAsync("carol");
        await Control.UpdateSettingsAsync("github", new InstanceSettingsDto(RateLimit: 1));
        var github = Client(Url("github", "/api/v3/"), token);

        await github.User.Current();
        var error = await Assert.ThrowsAsync<RateLimitExceededException>(() => github.User.Current());

        Assert.Equal(0, error.Remaining);
        Assert.Equal(1, error.Limit);
    }
}
