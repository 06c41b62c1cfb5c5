using System.Text.Json;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests.Providers;

/// <summary>The emulated GitHub objects carry every field GitHub's published REST description marks required
/// (the lists are in GitHubRequiredFields.json, taken from @octokit/openapi 23.0.2).</summary>
public sealed class GitHubRequiredFieldsTests : ProviderTest
{
    private static readonly JsonElement Required =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Providers", "GitHubRequiredFields.json"))).RootElement;

    private static void AssertHas(string schema, JsonElement value)
    {
        var missing = Required.GetProperty(schema).EnumerateArray().Select(f => f.GetString()!).Where(f => !value.TryGetProperty(f, out _)).ToList();
        Assert.True(missing.Count == 0, $"{schema} lacks {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task Users_repositories_installations_keys_emails_and_rate_limits_carry_every_required_field()
    {
        var app = new RegisterAppRequest("Iv1.fields", "s", [Callback.RedirectUri], Kind: "github-app");
        var oauth = await SetUpAsync("github", app: app);
        await Control.SeedRepositoriesAsync("github", "alice", [new SeedRepository("service")]);
        await Control.SeedInstallationAsync("github", "alice", new SeedInstallation(AccountLogin: "acme", Repositories: ["acme/api"]));
        var token = (await oauth.WebFlowAsync(Url("github", "/login/oauth/authorize"), Url("github", "/login/oauth/access_token"), null))
            .GetProperty("access_token").GetString()!;
        using (await SendJson(HttpMethod.Post, Url("github", "/api/v3/user/keys"), token, new { title = "t", key = SshKeygen.Generate().PublicKey })) { }

        async Task<JsonElement> Get(string path)
        {
            using var response = await GetWithBearer(Url("github", "/api/v3" + path), token);
            Assert.True(response.IsSuccessStatusCode, path);
            return await JsonOf(response);
        }

        var user = await Get("/user");
        var repository = (await Get("/user/repos"))[0];
        var installations = await Get("/user/installations");
        var installation = installations.GetProperty("installations")[0];
        var installationRepositories = await Get($"/user/installations/{installation.GetProperty("id").GetInt64()}/repositories");
        var limits = await Get("/rate_limit");

        AssertHas("private-user", user);
        AssertHas("repository", repository);
        AssertHas("simple-user", repository.GetProperty("owner"));
        AssertHas("installation", installation);
        AssertHas("simple-user", installation.GetProperty("account"));
        AssertHas("repository", installationRepositories.GetProperty("repositories")[0]);
        AssertHas("key", (await Get("/user/keys"))[0]);
        AssertHas("email", (await Get("/user/emails"))[0]);
        AssertHas("rate-limit-overview.resources", limits.GetProperty("resources"));
        AssertHas("rate-limit", limits.GetProperty("rate"));
        AssertHas("rate-limit", limits.GetProperty("resources").GetProperty("core"));
    }
}
