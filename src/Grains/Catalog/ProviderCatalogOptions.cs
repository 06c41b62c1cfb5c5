using GitIntegration.Grains.Providers.Configuration;
using GitIntegration.Grains.Ssh;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Catalog;

/// <summary>What the catalog takes from configuration: the SSH key algorithm until an admin picks one.</summary>
public sealed record ProviderCatalogOptions(string DefaultSshKeygenAlgorithm)
{
    public const string SshAlgorithmKey = "GitIntegration:Ssh:KeygenAlgorithm";

    /// <summary>Throws <see cref="ProviderConfigurationException"/> naming the key when the algorithm is unknown.</summary>
    public static ProviderCatalogOptions FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[SshAlgorithmKey];
        if (string.IsNullOrWhiteSpace(value))
            return new ProviderCatalogOptions(SshKeyAlgorithmNames.Ed25519);
        return SshKeyAlgorithmNames.TryParse(value, out var algorithm)
            ? new ProviderCatalogOptions(algorithm.ToSettingString())
            : throw new ProviderConfigurationException(SshAlgorithmKey, $"'{value}' is not one of {string.Join(", ", SshKeyAlgorithmNames.All)}.");
    }
}
