using System.Net;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Hosting;

/// <summary>
/// <c>GitIntegration:Cluster:*</c>, read the same way by silos, gateways and the all-in-one process. ServiceId keys
/// all stored state and must never change for a deployment; ClusterId names one cluster of silos (a new ClusterId
/// over the same ServiceId is a new cluster on the same data, as in a blue/green deployment). Tls is null unless
/// <c>Cluster:Tls:*</c> asks for mutual TLS (<see cref="ClusterTls"/>).
/// </summary>
public sealed record ClusterSettings(string ServiceId, string ClusterId, int SiloPort, int GatewayPort, IPAddress AdvertisedIP, ClusterTls? Tls = null)
{
    public const string Section = SharedSettings.Prefix + "Cluster:";
    public const string DefaultServiceId = "gitintegration";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>Orleans' own membership settings, bound as they are named there: <c>ClusterMembershipOptions</c> on
    /// silos (ProbeTimeout, NumMissedProbesLimit, DeathVoteExpirationTimeout...) and <c>GatewayOptions</c>
    /// (GatewayListRefreshPeriod) on clients. Unset keys keep Orleans' defaults; tests shorten them to fail over faster.</summary>
    public const string MembershipSection = Section + "Membership";

    /// <summary>Orleans' <c>ReminderOptions</c> on silos (MinimumReminderPeriod...), as named there; Orleans' defaults unless set.</summary>
    public const string RemindersSection = Section + "Reminders";

    /// <summary>Reads and checks the settings; throws <see cref="ClusterSettingsException"/> with one line naming the key.</summary>
    public static ClusterSettings Read(IConfiguration configuration)
    {
        var serviceId = Identifier(configuration, "ServiceId");
        var clusterId = Identifier(configuration, "ClusterId");
        var siloPort = Port(configuration, "SiloPort", DefaultSiloPort, allowZero: false);
        var gatewayPort = Port(configuration, "GatewayPort", DefaultGatewayPort, allowZero: true);
        var advertised = configuration[Section + "AdvertisedIP"];
        var ip = IPAddress.Loopback;
        if (advertised is not null && (!IPAddress.TryParse(advertised, out ip!) || IPAddress.Any.Equals(ip) || IPAddress.IPv6Any.Equals(ip)))
            throw new ClusterSettingsException($"{Section}AdvertisedIP: '{advertised}' is not an IP address other silos and clients can reach.");
        return new ClusterSettings(serviceId, clusterId, siloPort, gatewayPort, ip, ClusterTls.Read(configuration));
    }

    private static string Identifier(IConfiguration configuration, string name)
    {
        var value = configuration[Section + name];
        if (value is null)
            return DefaultServiceId;
        if (value.Length is 0 or > 100 || value.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')))
            throw new ClusterSettingsException($"{Section}{name}: '{value}' must be 1 to 100 letters, digits, '-', '_' or '.'.");
        return value;
    }

    private static int Port(IConfiguration configuration, string name, int fallback, bool allowZero)
    {
        var text = configuration[Section + name];
        if (text is null)
            return fallback;
        if (!int.TryParse(text, out var port) || port is < 0 or > 65535 || (port == 0 && !allowZero))
            throw new ClusterSettingsException($"{Section}{name}: '{text}' is not a port number{(allowZero ? " (0 turns it off)" : "")}.");
        return port;
    }
}

/// <summary>A cluster setting that is wrong, as one line naming the key.</summary>
public sealed class ClusterSettingsException(string message) : Exception(message);
