using System.Web;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.BitbucketServer;
using GitIntegration.Grains.Providers.GitLab;
using GitIntegration.Grains.Secrets;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Catalog;

/// <summary>The process-wide view of providers: configuration merged with the catalog, cached, reloaded on change.</summary>
public sealed class ProviderDirectoryTests
{
    private static readonly string Key = SecretKeyRing.GenerateKey();

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["GitIntegration:Providers:0:Type"] = "github",
        ["GitIntegration:Providers:0:ClientId"] = "gh",
        ["GitIntegration:Providers:1:Type"] = "github",
        ["GitIntegration:Providers:1:Id"] = "github-acme",
        ["GitIntegration:Providers:1:ClientId"] = "acme",
        ["GitIntegration:Providers:1:Regex"] = @"^(https?://)?github\.com/acme(/.*)?$",
        ["GitIntegration:ProviderDirectory:CatalogPollInterval"] = "00:00:00.200",
    };

    private static ProviderDefinition Admin(string id, string type = "gitlab") => new()
    {
        Id = id, Type = type, ClientId = "c-" + id, ClientSecret = "s-" + id, AuthUrl = $"https://{id}.example/oauth/authorize",
    };

    [Fact]
    public async Task Configuration_and_admin_providers_are_merged_with_adapters_of_their_type()
    {
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key], Settings);
        await silo.Catalog.UpsertProviderAsync(Admin("gitlab-corp"));

        var all = await silo.Directory.GetAllAsync();
        var adapter = await silo.Directory.GetAdapterAsync("gitlab-corp");

        Assert.Equal(["github", "github-acme", "gitlab-corp"], all.Select(p => p.Id));
        Assert.Equal(ProviderSource.Configuration, all[0].Source);
        Assert.Equal(ProviderSource.Admin, all[2].Source);
        Assert.IsType<GitLabAdapter>(adapter);
        Assert.Equal("s-gitlab-corp", adapter!.Config.ClientSecret);
        Assert.Null(await silo.Directory.GetAdapterAsync("nope"));
    }

    [Fact]
    public async Task A_catalog_change_shows_after_invalidate_and_after_the_poll_interval()
    {
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key], Settings);
        Assert.Equal(2, (await silo.Directory.GetAllAsync()).Count);

        await silo.Catalog.UpsertProviderAsync(Admin("first"));
        silo.Directory.Invalidate();
        Assert.Contains(await silo.Directory.GetAllAsync(), p => p.Id == "first");

        await silo.Catalog.UpsertProviderAsync(Admin("second"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await silo.Directory.GetAllAsync()).Any(p => p.Id == "second") && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Contains(await silo.Directory.GetAllAsync(), p => p.Id == "second");

        await silo.Catalog.DeleteProviderAsync("first");
        silo.Directory.Invalidate();
        Assert.DoesNotContain(await silo.Directory.GetAllAsync(), p => p.Id == "first");
    }

    [Fact]
    public async Task Configuration_wins_when_it_later_claims_an_admin_providers_id()
    {
        using var store = new CatalogStore();
        await using (var before = await CatalogSilo.StartAsync(store, [Key]))
            await before.Catalog.UpsertProviderAsync(Admin("shared"));

        var settings = new Dictionary<string, string?>(Settings)
        {
            ["GitIntegration:Providers:2:Type"] = "gitea",
            ["GitIntegration:Providers:2:Id"] = "shared",
            ["GitIntegration:Providers:2:ClientId"] = "from-config",
        };
        await using var silo = await CatalogSilo.StartAsync(store, [Key], settings);

        var shared = Assert.Single(await silo.Directory.GetAllAsync(), p => p.Id == "shared");
        Assert.Equal(ProviderSource.Configuration, shared.Source);
        Assert.Equal("from-config", shared.ClientId);
    }

    [Theory]
    [InlineData("https://github.com/acme/widgets.git", null, "github-acme")]
    [InlineData("https://github.com/other/widgets.git", null, "github")]
    [InlineData("https://github.com/acme/widgets.git", "github", "github")]
    [InlineData("https://gitlab-corp.example/team/repo.git", null, "gitlab-corp")]
    [InlineData("https://unknown.example/repo.git", null, null)]
    [InlineData("https://github.com/acme/widgets.git", "missing", null)]
    public async Task A_remote_url_matches_the_last_provider_whose_regex_matches(string url, string? id, string? expected)
    {
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key], Settings);
        await silo.Catalog.UpsertProviderAsync(Admin("gitlab-corp"));

        var match = await silo.Directory.MatchAsync(url, id);

        Assert.Equal(expected, match?.Id);
    }

    [Fact]
    public async Task A_bitbucket_server_oauth1_link_signs_with_the_catalogs_key()
    {
        await using var emulator = await EmulatorHost.StartAsync();
        await emulator.Client.CreateInstanceAsync("bbs", "bitbucket-server", new InstanceSettingsDto(AutoApprove: "octo"));
        await emulator.Client.CreateAccountAsync("bbs", "octo", "Octo Cat", "octo@example.test");
        using var store = new CatalogStore();
        await using var silo = await CatalogSilo.StartAsync(store, [Key]);
        await emulator.Client.RegisterOAuth1ConsumerAsync("bbs", await silo.Catalog.GetBitbucketServerPublicKeyAsync());
        await silo.Catalog.UpsertProviderAsync(new ProviderDefinition
        {
            Id = "bitbucket-old", Type = "bitbucket-server", AuthUrl = emulator.InstanceUrl("bbs") + "/plugins/servlet/oauth/authorize",
        });
        var adapter = Assert.IsType<BitbucketServerAdapter>(await silo.Directory.GetAdapterAsync("bitbucket-old"));
        const string callbackUrl = "http://127.0.0.1:9/external-auth/bitbucket-old/callback";

        var start = await adapter.BeginAuthorizeAsync(new AuthorizeRequest("s1", callbackUrl, null), CancellationToken.None);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await http.GetAsync(start.Url);
        var query = HttpUtility.ParseQueryString(redirect.Headers.Location!.Query);
        var callback = new WebFlowCallback(query["state"]!, null, null, null, query.AllKeys.ToDictionary(k => k!, k => query[k]!));
        var tokens = await adapter.CompleteAuthorizeAsync(new AuthorizeCompletion(callback, callbackUrl, null, start.PendingSecret), CancellationToken.None);
        var validation = await adapter.ValidateAsync(tokens, CancellationToken.None);

        Assert.Equal("s1", callback.State);
        Assert.Equal(ValidationOutcome.Valid, validation.Outcome);
        Assert.Equal("octo", validation.Account!.Login);
    }
}
