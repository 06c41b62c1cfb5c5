using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers;

/// <summary>
/// The provider directory cannot tell whether a provider exists: it is not among the configuration providers and
/// the admin catalog could not be read. A 503 (it derives from <see cref="ProviderUnavailableException"/>); callers
/// must change nothing, since the provider may well exist.
/// </summary>
public sealed class ProviderCatalogUnavailableException(string providerId)
    : ProviderUnavailableException($"The provider catalog cannot be read right now, so '{providerId}' cannot be looked up; try again later.")
{
    public string ProviderId { get; } = providerId;
}
