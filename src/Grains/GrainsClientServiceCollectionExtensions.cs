using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Grains;

public static class GrainsClientServiceCollectionExtensions
{
    /// <summary>
    /// What a process that calls the grains without hosting them (a gateway in front of a cluster) needs besides
    /// the actor client: the provider directory, which reads configuration and the catalog grain.
    /// </summary>
    public static IServiceCollection AddGitIntegrationClient(this IServiceCollection services, IConfiguration configuration)
    {
        CachedGrainInterfaceTypes.AddTo(services);
        services.AddHttpClient();
        services.AddProviders(configuration);
        return services;
    }
}
