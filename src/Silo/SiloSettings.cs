using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Secrets;
using GitIntegration.ServiceDefaults;

namespace GitIntegration.Silo;

/// <summary>A configuration problem, as one line naming the key.</summary>
public sealed class SiloConfigurationException(string message) : Exception(message);

/// <summary>What a silo needs from configuration, checked before anything starts.</summary>
public sealed record SiloSettings(string PostgresConnectionString, SecretKeyRing KeyRing, ClusterSettings Cluster)
{
    public const string Prefix = SharedSettings.Prefix;

    public static SiloSettings Read(IConfiguration configuration)
    {
        var storage = configuration[Prefix + "Storage:Provider"];
        if (storage is not null && !storage.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            throw new SiloConfigurationException($"{Prefix}Storage:Provider: a silo of a cluster needs Postgres, not '{storage}'.");
        var postgres = SharedSettings.PostgresConnectionString(configuration);
        if (string.IsNullOrWhiteSpace(postgres))
            throw new SiloConfigurationException("ConnectionStrings:Postgres: required for a silo (the cluster's PostgreSQL).");

        SecretKeyRing keyRing;
        ClusterSettings cluster;
        try
        {
            keyRing = SecretKeyRing.FromConfiguration(configuration)
                      ?? throw new SiloConfigurationException($"{SecretKeyRing.ConfigurationKey}: required in a cluster (every silo must decrypt what the others wrote).");
            cluster = ClusterSettings.Read(configuration);
        }
        catch (SecretKeyConfigurationException e)
        {
            throw new SiloConfigurationException(e.Message);
        }
        catch (ClusterSettingsException e)
        {
            throw new SiloConfigurationException(e.Message);
        }

        if (cluster.Tls is { AllowsServerAuthentication: false })
            throw new SiloConfigurationException($"{ClusterTls.CertificatePathKey}: a silo's certificate must also be for server authentication (Extended Key Usage): other silos and clients connect to it.");
        if ((SharedSettings.SshAlgorithmProblem(configuration) ?? SharedSettings.ProvidersProblem(configuration)
             ?? ServiceTelemetry.SwitchProblem(configuration)) is { } problem)
            throw new SiloConfigurationException(problem);
        return new SiloSettings(postgres, keyRing, cluster);
    }
}
