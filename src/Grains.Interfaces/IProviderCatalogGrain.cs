using GitIntegration.Actors;

namespace GitIntegration.Grains.Interfaces;

/// <summary>
/// The one catalog (key <see cref="GrainKeys.Catalog"/>) of admin-managed providers and the SSH key algorithm.
/// Configuration providers are merged in by each process; they cannot be changed here.
/// </summary>
[GrainType("providercatalog")]
public interface IProviderCatalogGrain : IGrainWithStringKey
{
    /// <summary>Admin-managed definitions (with their secrets, for the processes that use them) and the SSH algorithm.</summary>
    [Idempotent]
    Task<ProviderCatalog> GetAsync();

    /// <summary>Adds or replaces an admin-managed provider; a null ClientSecret keeps the stored one.</summary>
    [Idempotent]
    Task<ProviderCatalog> UpsertProviderAsync(ProviderDefinition definition);

    /// <summary>False when there was no such admin-managed provider.</summary>
    Task<bool> DeleteProviderAsync(string providerId);

    [Idempotent]
    Task<ProviderCatalog> SetSshKeygenAlgorithmAsync(string algorithm);

    /// <summary>The PEM public key of the RSA pair used to sign Bitbucket Server OAuth 1.0a requests (created once).</summary>
    [Idempotent]
    Task<string> GetBitbucketServerPublicKeyAsync();

    /// <summary>The PEM private key of that pair, for the processes that sign OAuth 1.0a requests; never returned by the API.</summary>
    [Idempotent]
    Task<string> GetBitbucketServerPrivateKeyAsync();
}
