using GitIntegration.Grains.Catalog;
using GitIntegration.Grains.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitIntegration.Grains.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>Provider configuration, adapters, the provider directory and the catalog grain's settings. A bad
    /// GitIntegration:Ssh:KeygenAlgorithm throws here, naming the key.</summary>
    public static IServiceCollection AddProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<ProviderHttpOptions>(configuration.GetSection(ProviderHttpOptions.SectionPath));
        services.Configure<ProviderDirectoryOptions>(configuration.GetSection(ProviderDirectoryOptions.SectionPath));
        services.AddProviderHttpClient();
        services.TryAddSingleton<ProviderHttp>();
        services.TryAddSingleton(new ConfiguredProviders(configuration));
        services.TryAddSingleton(ProviderCatalogOptions.FromConfiguration(configuration));
        services.TryAddSingleton(sp => new ProviderAdapterFactory(sp.GetRequiredService<ProviderHttp>(), configuration));
        services.TryAddSingleton<IProviderDirectory, ProviderDirectory>();
        return services;
    }
}
