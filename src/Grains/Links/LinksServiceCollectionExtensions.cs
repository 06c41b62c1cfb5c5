using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

public static class LinksServiceCollectionExtensions
{
    /// <summary>Options and services of the link grain (refresh margins, claims, backoff), validated at start-up.</summary>
    public static IServiceCollection AddLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LinkOptions>().Bind(configuration.GetSection(LinkOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LinkOptions>, LinkOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenVault>();
        services.TryAddSingleton<RefreshPolicy>();
        services.TryAddSingleton<ScheduledRefreshBudget>();
        services.TryAddSingleton<SshKeySync>();
        services.TryAddSingleton<TokenRefresher>();
        services.TryAddSingleton<LinkValidation>();
        services.TryAddSingleton<LinkTokens>();
        services.TryAddSingleton<LinkSshKeys>();
        services.TryAddSingleton<LinkEstablishment>();
        services.TryAddSingleton<LinkFlows>();
        services.TryAddSingleton<LinkAccount>();
        services.TryAddSingleton<LinkServices>();
        return services;
    }
}
