using System.Diagnostics;
using System.Text.RegularExpressions;

using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Providers;

/// <summary>
/// One per process: configuration providers merged with the catalog grain's admin-managed ones (configuration
/// wins on an id clash), each resolved to a config and an adapter. The merged view is cached and the catalog is
/// asked for its version at most every <see cref="ProviderDirectoryOptions.CatalogPollInterval"/>; a new version
/// rebuilds the view. If the catalog cannot be read the last view is kept (configuration providers only when there
/// is none), and a provider not in it is unknown rather than absent: lookups by id throw
/// <see cref="ProviderCatalogUnavailableException"/> until the catalog answers again.
/// </summary>
public sealed class ProviderDirectory(
    ConfiguredProviders configured,
    IGrainFactory grains,
    ProviderAdapterFactory adapters,
    IOptions<ProviderDirectoryOptions> options,
    ILogger<ProviderDirectory> logger) : IProviderDirectory
{
    private sealed record View(long? CatalogVersion, IReadOnlyList<ProviderConfig> Configs, IReadOnlyDictionary<string, IProviderAdapter> Adapters)
    {
        /// <summary>False when the last attempt to read the catalog failed: ids missing here may still exist.</summary>
        public bool CatalogRead { get; init; } = true;
    }

    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly TimeSpan _pollInterval = options.Value.CatalogPollInterval;
    private View? _view;
    private long _checkedAt;
    private string? _oauth1PrivateKey;

    public async Task<IReadOnlyList<ProviderConfig>> GetAllAsync(CancellationToken cancellationToken = default) =>
        (await CurrentAsync(cancellationToken)).Configs;

    public async Task<IProviderAdapter?> GetAdapterAsync(string providerId, CancellationToken cancellationToken = default)
    {
        var view = await CurrentAsync(cancellationToken);
        return view.Adapters.GetValueOrDefault(providerId) ?? Absent<IProviderAdapter>(view, providerId);
    }

    public async Task<ProviderConfig?> MatchAsync(string remoteUrl, string? providerId, CancellationToken cancellationToken = default)
    {
        var view = await CurrentAsync(cancellationToken);
        if (!string.IsNullOrEmpty(providerId))
            return view.Configs.FirstOrDefault(c => c.Id == providerId) ?? Absent<ProviderConfig>(view, providerId);
        return view.Configs.LastOrDefault(c => Matches(c.Regex, remoteUrl));
    }

    /// <summary>Null for an id that does not exist; a throw when the catalog could not be read to say so.</summary>
    private static T? Absent<T>(View view, string providerId) where T : class =>
        view.CatalogRead ? null : throw new ProviderCatalogUnavailableException(providerId);

    public void Invalidate() => Interlocked.Exchange(ref _checkedAt, 0);

    private async Task<View> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_view is { } fresh && !IsDue())
            return fresh;
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (_view is { } reloaded && !IsDue())
                return reloaded;
            return _view = await LoadAsync(_view);
        }
        finally
        {
            _reload.Release();
        }
    }

    private bool IsDue()
    {
        var checkedAt = Interlocked.Read(ref _checkedAt);
        return checkedAt == 0 || Stopwatch.GetElapsedTime(checkedAt) >= _pollInterval;
    }

    private async Task<View> LoadAsync(View? current)
    {
        ProviderCatalog? catalog = null;
        try
        {
            catalog = await grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog).GetAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning("The provider catalog could not be read ({Failure}); using {What}.", e.GetType().Name,
                current is null ? "configuration providers only" : "the providers known before");
        }
        finally
        {
            Interlocked.Exchange(ref _checkedAt, Stopwatch.GetTimestamp());
        }

        if (catalog is null)
            return (current ?? Build(null)) with { CatalogRead = false };
        return current?.CatalogVersion == catalog.Version ? current with { CatalogRead = true } : Build(catalog);
    }

    private View Build(ProviderCatalog? catalog)
    {
        var configs = configured.All.ToList();
        foreach (var definition in catalog?.Providers ?? [])
        {
            try
            {
                var config = ProviderConfigResolver.Resolve(definition, ProviderSource.Admin, ProviderSettingKeys.ForAdminApi());
                if (configs.All(c => c.Id != config.Id))
                    configs.Add(config);
            }
            catch (ProviderConfigurationException e)
            {
                // The catalog validates on upsert; this only happens if the rules got stricter since.
                logger.LogWarning("Admin provider {ProviderId} is skipped: {Problem}", definition.Id, e.Message);
            }
        }
        var byId = configs.ToDictionary(c => c.Id, c => adapters.Create(c, OAuth1PrivateKeyAsync), StringComparer.Ordinal);
        return new View(catalog?.Version, configs, byId);
    }

    private async Task<string> OAuth1PrivateKeyAsync(CancellationToken cancellationToken) =>
        _oauth1PrivateKey ??= await grains.GetGrain<IProviderCatalogGrain>(GrainKeys.Catalog).GetBitbucketServerPrivateKeyAsync();

    private static bool Matches(Regex? regex, string url)
    {
        if (regex is null)
            return false;
        try
        {
            return regex.IsMatch(url);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
