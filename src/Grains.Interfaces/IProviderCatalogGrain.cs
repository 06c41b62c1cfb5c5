namespace GitIntegration.Grains.Interfaces;

/// <summary>
/// The one catalog (key <see cref="GrainKeys.Catalog"/>) of admin-managed providers and the SSH key algorithm.
/// Configuration providers are merged in by each process; they cannot be changed here.
/// </summary>
[Alias("GitIntegration.IProviderCatalogGrain")]
public interface IProviderCatalogGrain : IGrainWithStringKey
{
    /// <summary>Admin-managed definitions (with their secrets, for the processes that use them) and the SSH algorithm.</summary>
    [Idempotent, Alias("GetAsync")]
    Task<ProviderCatalog> GetAsync();

    /// <summary>Adds or replaces an admin-managed provider; a null ClientSecret keeps the stored one.</summary>
    [Idempotent, Alias("UpsertProviderAsync")]
    Task<ProviderCatalog> UpsertProviderAsync(ProviderDefinition definition);

    /// <summary>False when there was no such admin-managed provider.</summary>
    [Alias("DeleteProviderAsync")]
    Task<bool> DeleteProviderAsync(string providerId);

    [Idempotent, Alias("SetSshKeygenAlgorithmAsync")]
    Task<ProviderCatalog> SetSshKeygenAlgorithmAsync(string algorithm);

    /// <summary>The PEM public key of the RSA pair used to sign Bitbucket Server OAuth 1.0a requests (created once).</summary>
    [Idempotent, Alias("GetBitbucketServerPublicKeyAsync")]
    Task<string> GetBitbucketServerPublicKeyAsync();

    /// <summary>The PEM private key of that pair, for the processes that sign OAuth 1.0a requests; never returned by the API.</summary>
    [Idempotent, Alias("GetBitbucketServerPrivateKeyAsync")]
    Task<string> GetBitbucketServerPrivateKeyAsync();
}
