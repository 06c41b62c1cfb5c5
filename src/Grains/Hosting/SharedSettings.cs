using GitIntegration.Grains.Providers.Configuration;
using GitIntegration.Grains.Ssh;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Hosting;

/// <summary>
/// Settings every host (all-in-one, gateway, silo) reads the same way, checked before anything starts. Each
/// check returns the problem as one line naming the key, or null; the host stops with that line.
/// </summary>
public static class SharedSettings
{
    public const string Prefix = "GitIntegration:";

    /// <summary>The standard ConnectionStrings:Postgres, or the same key under GitIntegration:.</summary>
    public static string? PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Postgres") ?? configuration[Prefix + "ConnectionStrings:Postgres"];

    public static string? SshAlgorithmProblem(IConfiguration configuration)
    {
        var algorithm = configuration[Prefix + "Ssh:KeygenAlgorithm"];
        return algorithm is not null && !SshKeyAlgorithmNames.TryParse(algorithm, out _)
            ? $"{Prefix}Ssh:KeygenAlgorithm: '{algorithm}' is not ed25519, ecdsa or rsa4096."
            : null;
    }

    public static string? ProvidersProblem(IConfiguration configuration)
    {
        try
        {
            ProviderConfigurationReader.ReadConfigs(configuration);
            return null;
        }
        catch (ProviderConfigurationException e)
        {
            return e.Message;
        }
    }
}
