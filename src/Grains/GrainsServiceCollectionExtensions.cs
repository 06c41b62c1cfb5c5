using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Links;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// The services this assembly's grains use (Orleans finds the grains themselves). The host registers a
    /// <see cref="Secrets.SecretProtector"/>: it decides where keys come from.
    /// </summary>
    public static ISiloBuilder AddGitIntegrationGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        CachedGrainInterfaceTypes.AddTo(silo.Services);
        silo.Services.AddHttpClient();
        silo.Services.AddProviders(configuration);
        silo.Services.AddLinks(configuration);
        silo.Services.AddUsers(configuration);
        return silo;
    }
}
