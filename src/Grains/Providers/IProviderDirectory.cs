using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers;

/// <summary>
/// The providers this process knows: configuration (GitIntegration:Providers and CODER_EXTERNAL_AUTH_*) merged
/// with the admin-managed catalog grain, each resolved to a config and an adapter. Cached; reloads when the
/// catalog's version changes.
/// </summary>
public interface IProviderDirectory
{
    Task<IReadOnlyList<ProviderConfig>> GetAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Null when there is no provider with that id.</summary>
    Task<IProviderAdapter?> GetAdapterAsync(string providerId, CancellationToken cancellationToken = default);

    /// <summary>The provider for a git remote URL: by id when given, else the last provider whose regex matches (Coder's rule).</summary>
    Task<ProviderConfig?> MatchAsync(string remoteUrl, string? providerId, CancellationToken cancellationToken = default);

    /// <summary>Drops the cache so the next call reloads the catalog (after an admin change).</summary>
    void Invalidate();
}
