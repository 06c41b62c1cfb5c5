using Orleans.Hosting;

namespace GitIntegration.Grains.Hosting;

/// <summary>Orleans' <c>UseTls</c> with the cluster's settings on silos and clients; nothing when TLS is not configured.</summary>
public static class ClusterTlsHosting
{
    /// <summary>Silo to silo, and the gateway port the clients connect to.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTls? tls) =>
        tls is null ? silo : silo.UseTls(tls.Certificate, tls.Configure);

    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTls? tls) =>
        tls is null ? client : client.UseTls(tls.Certificate, tls.Configure);
}
