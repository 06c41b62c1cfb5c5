using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.Silo;

/// <summary>A configuration problem, as one line naming the key.</summary>
public sealed class SiloConfigurationException(string message) : Exception(message);

/// <summary>What a silo needs from configuration, checked before anything starts.</summary>
public sealed record SiloSettings(string PostgresConnectionString, SecretKeyRing KeyRing, int SiloPort, string AdvertisedAddress)
{
    public const string Prefix = "GitIntegration:";
    public const int DefaultSiloPort = 11111;

    public static SiloSettings Read(IConfiguration configuration)
    {
        var storage = configuration[Prefix + "Storage:Provider"];
        if (storage is not null && !storage.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            throw new SiloConfigurationException($"{Prefix}Storage:Provider: a silo of a cluster needs Postgres, not '{storage}'.");
        var postgres = SharedSettings.PostgresConnectionString(configuration);
        if (string.IsNullOrWhiteSpace(postgres))
            throw new SiloConfigurationException("ConnectionStrings:Postgres: required for a silo (the cluster's PostgreSQL).");

        SecretKeyRing keyRing;
        try
        {
            keyRing = SecretKeyRing.FromConfiguration(configuration)
                      ?? throw new SiloConfigurationException($"{SecretKeyRing.ConfigurationKey}: required in a cluster (every silo must decrypt what the others wrote).");
        }
        catch (SecretKeyConfigurationException e)
        {
            throw new SiloConfigurationException(e.Message);
        }

        if ((SharedSettings.SshAlgorithmProblem(configuration) ?? SharedSettings.ProvidersProblem(configuration)) is { } problem)
            throw new SiloConfigurationException(problem);

        var portText = configuration[Prefix + "Cluster:SiloPort"];
        var port = DefaultSiloPort;
        if (portText is not null && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new SiloConfigurationException($"{Prefix}Cluster:SiloPort: '{portText}' is not a port number.");
        var advertised = configuration[Prefix + "Cluster:AdvertisedAddress"] ?? $"http://127.0.0.1:{port}";
        if (!Uri.TryCreate(advertised, UriKind.Absolute, out var uri) || uri.Scheme != "http")
            throw new SiloConfigurationException($"{Prefix}Cluster:AdvertisedAddress: '{advertised}' is not an http:// URL.");
        return new SiloSettings(postgres, keyRing, port, advertised);
    }
}
