using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Tests.Catalog;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>
/// While the admin catalog cannot be read, a provider that is not in configuration is unknown, not absent: looking
/// it up is a 503 (so an unlink changes nothing instead of forgetting tokens it could not revoke).
/// </summary>
public sealed class CatalogUnavailableTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["GitIntegration:Providers:0:Type"] = "github",
        ["GitIntegration:Providers:0:ClientId"] = "gh",
        ["GitIntegration:ProviderDirectory:CatalogPollInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task An_admin_provider_cannot_be_looked_up_while_the_catalog_cannot_be_read()
    {
        using var store = new CatalogStore();
        await using (var writer = await CatalogSilo.StartAsync(store, [SecretKeyRing.GenerateKey()], Settings))
        {
            await writer.Catalog.UpsertProviderAsync(new ProviderDefinition
            {
                Id = "gitlab-corp", Type = "gitlab", ClientId = "c", ClientSecret = "s", AuthUrl = "https://gitlab.corp.example/oauth/authorize",
            });
        }

        // Another key cannot decrypt the stored client secret: the catalog grain fails to activate.
        await using var reader = await CatalogSilo.StartAsync(store, [SecretKeyRing.GenerateKey()], Settings);

        var lookup = await Assert.ThrowsAsync<ProviderCatalogUnavailableException>(() => reader.Directory.GetAdapterAsync("gitlab-corp"));
        var match = await Assert.ThrowsAsync<ProviderCatalogUnavailableException>(() =>
            reader.Directory.MatchAsync("https://gitlab.corp.example/a/b.git", "gitlab-corp"));

        Assert.IsAssignableFrom<ProviderUnavailableException>(lookup);
        Assert.Equal("gitlab-corp", match.ProviderId);
        Assert.NotNull(await reader.Directory.GetAdapterAsync("github"));
        Assert.Equal(["github"], (await reader.Directory.GetAllAsync()).Select(p => p.Id));
    }
}
