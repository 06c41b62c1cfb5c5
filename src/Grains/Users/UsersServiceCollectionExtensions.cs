using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitIntegration.Grains.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>Services of the user, username, identity and API-key grains (the host registers the SecretProtector).</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
