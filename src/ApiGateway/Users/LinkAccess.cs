using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;

namespace GitIntegration.ApiGateway.Users;

/// <summary>What every /external-auth/{externalauth} route needs first: a known provider and the caller's own link.</summary>
public sealed class LinkAccess(IProviderDirectory providers, IGrainFactory grains)
{
    /// <summary>The provider's config; NotFoundException (404) for an unknown or malformed id.</summary>
    public async Task<ProviderConfig> ProviderAsync(string providerId, CancellationToken cancellationToken) =>
        await FindProviderAsync(providerId, cancellationToken)
        ?? throw new NotFoundException($"External auth provider '{providerId}' not found.");

    public async Task<ProviderConfig?> FindProviderAsync(string providerId, CancellationToken cancellationToken) =>
        ProviderIds.IsValid(providerId) ? (await providers.GetAdapterAsync(providerId, cancellationToken))?.Config : null;

    /// <summary>Links belong to users; the admin token has none.</summary>
    public static string UserIdOf(Caller caller) =>
        caller.UserId ?? throw new NotFoundException("The admin token has no links; call as a user.");

    public IGitLinkGrain Link(Caller caller, string providerId) =>
        grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(UserIdOf(caller), providerId));

    public async Task<IGitLinkGrain> LinkAsync(Caller caller, string providerId, CancellationToken cancellationToken)
    {
        await ProviderAsync(providerId, cancellationToken);
        return Link(caller, providerId);
    }
}
