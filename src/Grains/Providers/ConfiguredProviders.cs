using GitIntegration.Grains.Providers.Configuration;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Providers;

/// <summary>The providers of this process's configuration, read once (the gateway has already checked them at start-up).</summary>
public sealed class ConfiguredProviders(IConfiguration configuration)
{
    private readonly Lazy<IReadOnlyList<ProviderConfig>> _all = new(() => ProviderConfigurationReader.ReadConfigs(configuration));

    public IReadOnlyList<ProviderConfig> All => _all.Value;

    public ProviderConfig? Find(string id) => All.FirstOrDefault(p => p.Id == id);
}
