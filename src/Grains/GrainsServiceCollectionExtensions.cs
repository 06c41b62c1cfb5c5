using GitIntegration.Actors.Hosting;
using GitIntegration.Grains.Links;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers every grain of this assembly with the actor runtime and the services they use. The host
    /// registers a <see cref="Secrets.SecretProtector"/> (it decides where keys come from).
    /// </summary>
    public static ActorsBuilder AddGitIntegrationGrains(this ActorsBuilder actors, IConfiguration configuration)
    {
        actors.AddGrainsFromAssembly(typeof(GrainsServiceCollectionExtensions).Assembly);
        actors.Services.AddHttpClient();
        actors.Services.AddProviders(configuration);
        actors.Services.AddLinks(configuration);
        actors.Services.AddUsers(configuration);
        return actors;
    }
}
