using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Grains.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>Services of the user, username, identity and API-key grains.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services, IConfiguration configuration) => services;
}
