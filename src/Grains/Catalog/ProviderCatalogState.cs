using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Grains.Catalog;

/// <summary>The catalog grain's stored state. Secrets are only ever held encrypted here.</summary>
public sealed record ProviderCatalogState
{
    /// <summary>Grows on every change so caches know to reload.</summary>
    public long Version { get; init; }

    public List<StoredProvider> Providers { get; init; } = [];

    /// <summary>Null until an admin sets it: configuration's default applies.</summary>
    public string? SshKeygenAlgorithm { get; init; }

    public string? BitbucketServerPublicKeyPem { get; init; }
    public EncryptedSecret? BitbucketServerPrivateKey { get; init; }
}

/// <summary>An admin-managed provider: the definition with its ClientSecret left empty, and the secret encrypted.</summary>
public sealed record StoredProvider(ProviderDefinition Definition, EncryptedSecret? ClientSecret);
