using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Grains.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>Provider configuration, adapters and the provider directory.</summary>
    public static IServiceCollection AddProviders(this IServiceCollection services, IConfiguration configuration) => services;
}
