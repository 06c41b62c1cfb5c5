using System.Net;
using System.Text.Json;
using System.Web;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// A deployment configured only with a Coder environment: one provider of each type Coder knows (the legacy
/// "bitbucket" included) and one type Coder does not, each pointed at the emulator where Coder's defaults would
/// point at the public service. Nothing of this service's own provider settings is set.
/// </summary>
public sealed class CoderEnvironmentTests : IAsyncLifetime
{
    /// <summary>Provider id, emulator instance, client id; the order of CODER_EXTERNAL_AUTH_N.</summary>
    private static readonly (string Id, string Instance, string ClientId)[] Providers =
    [
        ("github", "github", "gh-app"), ("gitlab", "gitlab", "gl-app"), ("bitbucket", "bitbucket", "bb-app"),
        ("bitbucket-server", "bitbucket-server", "bbs-app"), ("azure-devops", "", "ado-app"), ("azure-devops-entra", "entra", "entra-app"),
        ("gitea", "gitea", "gitea-app"), ("jfrog", "oauth2", "jfrog-app"), ("slack", "oauth2", "slack-app"), ("Corp-IdP", "oauth2", "corp-app"),
    ];

    private const string Secret = "coder-env-client-secret";

    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync(new GatewaySetup { Providers = [], SettingsFromEmulator = CoderEnvironment });
        var client = _gateway.Emulator.Client;
        foreach (var instance in Providers.Select(p => p.Instance).Where(i => i != "").Distinct())
        {
            await client.CreateAccountAsync(instance, TestGateway.Login, "Octo Cat", "octo@example.test");
            await client.UpdateSettingsAsync(instance, new InstanceSettingsDto(AutoApprove: TestGateway.Login));
        }
        foreach (var (id, instance, clientId) in Providers.Where(p => p.Instance != ""))
            await client.RegisterAppAsync(instance, new RegisterAppRequest(clientId, Secret, [Callback(id)], ExpiringTokens: true));
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private string Callback(string id) => $"{_gateway.BaseUrl}/external-auth/{id}/callback";

    /// <summary>What an operator moving from Coder sets: Coder's variables, URLs only where Coder has no public default.</summary>
    private static Dictionary<string, string?> CoderEnvironment(EmulatorHost emulator)
    {
        string E(string instance, string path) => emulator.InstanceUrl(instance) + path;
        var variables = new Dictionary<string, string?>();
        void Provider(int n, string? id, string type, string clientId, params (string Key, string Value)[] more)
        {
            var prefix = $"CODER_EXTERNAL_AUTH_{n}_";
            if (id is not null)
                variables[prefix + "ID"] = id;
            variables[prefix + "TYPE"] = type;
            variables[prefix + "CLIENT_ID"] = clientId;
            variables[prefix + "CLIENT_SECRET"] = Secret;
            foreach (var (key, value) in more)
                variables[prefix + key] = value;
        }
        Provider(0, null, "github", "gh-app", ("AUTH_URL", E("github", "/login/oauth/authorize")));
        Provider(1, null, "gitlab", "gl-app", ("AUTH_URL", E("gitlab", "/oauth/authorize")));
        Provider(2, null, "bitbucket", "bb-app", ("AUTH_URL", E("bitbucket", "/site/oauth2/authorize")));
        Provider(3, null, "bitbucket-server", "bbs-app", ("AUTH_URL", E("bitbucket-server", "/rest/oauth2/latest/authorize")));
        Provider(4, null, "azure-devops", "ado-app");
        Provider(5, null, "azure-devops-entra", "entra-app", ("AUTH_URL", E("entra", "/organizations/oauth2/v2.0/authorize")));
        Provider(6, null, "gitea", "gitea-app", ("AUTH_URL", E("gitea", "/login/oauth/authorize")));
        Provider(7, null, "jfrog", "jfrog-app", ("AUTH_URL", E("oauth2", "/authorize")), ("TOKEN_URL", E("oauth2", "/token")),
            ("VALIDATE_URL", E("oauth2", "/userinfo")));
        Provider(8, null, "slack", "slack-app", ("AUTH_URL", E("oauth2", "/authorize")), ("TOKEN_URL", E("oauth2", "/token")),
            ("REVOKE_URL", E("oauth2", "/revoke")));
        Provider(9, "Corp-IdP", "custom", "corp-app", ("AUTH_URL", E("oauth2", "/authorize")), ("TOKEN_URL", E("oauth2", "/token")),
            ("EXTRA_TOKEN_KEYS", "expires_in token_type no_such_field"), ("REGEX", @"^https://idp\.corp\.example(/.*)?$"));
        variables["CODER_EXTERNAL_AUTH_GITHUB_DEFAULT_PROVIDER_ENABLE"] = "false";
        return variables;
    }

    [Fact]
    public async Task It_starts_and_lists_the_ids_types_and_callback_urls_coder_would()
    {
        var admin = await Json.ReadAsync(await _gateway.Admin.GetAsync("api/v2/admin/external-auth"));
        var ann = await _gateway.CreateUserAsync("ann");
        var list = await Json.ReadAsync(await ann.Api.GetAsync("api/v2/external-auth"));

        var ids = Providers.Select(p => p.Id).ToArray();
        Assert.Equal(ids, admin.AsArray().Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal(ids.Select(Callback), admin.AsArray().Select(p => p!["callback_url"]!.GetValue<string>()));
        var providers = list["providers"]!.AsArray();
        Assert.Equal(ids, providers.Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal(["github", "gitlab", "bitbucket-cloud", "bitbucket-server", "azure-devops", "azure-devops-entra", "gitea", "jfrog", "slack", "custom"],
            providers.Select(p => p!["type"]!.GetValue<string>()));
        foreach (var provider in providers)
            CoderTypes.ExternalAuthLinkProvider.AssertMatches(provider);
        // Coder's PKCE defaults: S256 for GitHub, GitLab, Gitea and unknown types; "none" for the rest.
        Assert.Equal(["S256", "S256", "none", "none", "none", "none", "S256", "none", "none", "S256"],
            providers.Select(p => string.Join(' ', p!["code_challenge_methods_supported"]!.AsArray().Select(m => m!.GetValue<string>()))));
        Assert.Equal("BitBucket", providers[2]!["display_name"]!.GetValue<string>());
        Assert.Equal("custom", providers[9]!["display_name"]!.GetValue<string>());
        Assert.False(providers[4]!["allow_validate"]!.GetValue<bool>());
        using var browser = _gateway.BrowserFor(ann);
        foreach (var id in ids)
        {
            var start = await browser.GetAsync($"external-auth/{id}/callback");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, start.StatusCode);
            Assert.Equal(Callback(id), HttpUtility.ParseQueryString(start.Headers.Location!.Query)["redirect_uri"]);
        }
    }

    [Fact]
    public async Task Every_provider_links_against_the_emulator_and_git_gets_coders_credentials()
    {
        var bea = await _gateway.CreateUserAsync("bea");
        // Azure DevOps' own OAuth (response_type=Assertion) has no emulator; its flow is checked to start above.
        var linkable = Providers.Where(p => p.Instance != "").Select(p => p.Id).ToArray();

        foreach (var id in linkable)
            await _gateway.LinkAsync(bea, id);

        var links = (await Json.ReadAsync(await bea.Api.GetAsync("api/v2/external-auth")))["links"]!.AsArray();
        Assert.Equal(linkable.Order(), links.Select(l => l!["provider_id"]!.GetValue<string>()).Order());
        Assert.All(links, l => Assert.True(l!["authenticated"]!.GetValue<bool>(), l!.ToJsonString()));

        async Task<JsonElement> AgentAsync(string id) =>
            JsonSerializer.SerializeToElement(await Json.ReadAsync(await bea.Api.GetAsync($"api/v2/workspaceagents/me/external-auth?id={id}&match=")));
        var bitbucket = await AgentAsync("bitbucket");
        Assert.Equal(("bitbucket-cloud", "x-token-auth"), (bitbucket.GetProperty("type").GetString(), bitbucket.GetProperty("username").GetString()));
        Assert.Equal(bitbucket.GetProperty("access_token").GetString(), bitbucket.GetProperty("password").GetString());
        Assert.Equal("x-token-auth", (await AgentAsync("bitbucket-server")).GetProperty("username").GetString());
        var gitea = await AgentAsync("gitea");
        Assert.Equal((gitea.GetProperty("access_token").GetString(), ""), (gitea.GetProperty("username").GetString(), gitea.GetProperty("password").GetString()));
        // Slack's default EXTRA_TOKEN_KEYS is authed_user, which this token answer lacks: kept as null, as Coder does.
        Assert.Equal("""{"authed_user":null}""", (await AgentAsync("slack")).GetProperty("token_extra").GetRawText());
        var extra = (await AgentAsync("Corp-IdP")).GetProperty("token_extra");
        Assert.Equal(["expires_in", "no_such_field", "token_type"], extra.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(JsonValueKind.Number, extra.GetProperty("expires_in").ValueKind);
        Assert.Equal(JsonValueKind.String, extra.GetProperty("token_type").ValueKind);
        Assert.Equal(JsonValueKind.Null, extra.GetProperty("no_such_field").ValueKind);
        Assert.Equal("custom", (await AgentAsync("Corp-IdP")).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_non_numeric_account_id_keeps_id_a_number_and_travels_as_account_id()
    {
        var cat = await _gateway.CreateUserAsync("cat");
        await _gateway.LinkAsync(cat, "bitbucket");

        var user = (await Json.ReadAsync(await cat.Api.GetAsync("api/v2/external-auth/bitbucket")))["user"]!;

        CoderTypes.ExternalAuthUser.AssertMatches(user, "account_id", "email");
        Assert.Equal(0, user["id"]!.GetValue<long>());
        Assert.StartsWith("{", user["account_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_coders_scopes_ssh_key_sync_fails_and_the_link_says_which_scope_is_missing()
    {
        var dan = await _gateway.CreateUserAsync("dan");
        // GitHub answers 404 to a token without admin:public_key; the emulator does not check scopes, so it is told to.
        await _gateway.Emulator.Client.AddFaultAsync(new FaultSpec(Instance: "github", Endpoint: "keys_add", Status: 404,
            Body: """{"message":"Not Found"}""", ContentType: "application/json"));

        await _gateway.LinkAsync(dan, "github");
        var status = await Json.ReadAsync(await dan.Api.GetAsync("api/v2/external-auth/github/ssh-key"));

        Assert.True((await Json.ReadAsync(await dan.Api.GetAsync("api/v2/external-auth/github")))["authenticated"]!.GetValue<bool>());
        Assert.False(status["synced"]!.GetValue<bool>());
        Assert.Contains("(repo workflow) lack admin:public_key", status["error"]!.GetValue<string>());
    }
}
