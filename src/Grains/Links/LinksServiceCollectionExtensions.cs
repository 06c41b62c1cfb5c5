using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Grains.Links;

public static class LinksServiceCollectionExtensions
{
    /// <summary>Options and services of the link grain (refresh margins, backoff).</summary>
    public static IServiceCollection AddLinks(this IServiceCollection services, IConfiguration configuration) => services;
}
