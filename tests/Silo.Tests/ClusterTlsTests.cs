using GitIntegration.Silo.Tests.Support;
using GitIntegration.TestSupport;
using Orleans.Connections.Security;
using Xunit.Abstractions;

namespace GitIntegration.Silo.Tests;

/// <summary>
/// Mutual TLS (GitIntegration:Cluster:Tls:*) with a CA made for the test: silos form a cluster over it, the gateway
/// and another service with a certificate of that CA are served, and clients without one are turned away.
/// </summary>
public sealed class ClusterTlsTests(ITestOutputHelper output)
{
    [PostgresFact]
    public async Task With_mutual_TLS_only_processes_holding_a_certificate_of_the_clusters_CA_get_in()
    {
        var authority = TestAuthority.Create("cluster");
        var siloCertificate = authority.IssuePfx("silo", "silo-pfx-password");
        var serviceCertificate = authority.IssuePem("token-client");
        var strangerCertificate = TestAuthority.Create("other").IssuePem("stranger");
        await using var cluster = await ClusterProcesses.CreateAsync(environment: siloCertificate.Environment(authority));

        // Each silo joins only after it reached the others (Orleans checks connectivity first), so both silos being
        // active means silo-to-silo traffic works, and it runs over TLS: no silo accepts anything else.
        await cluster.AddSilosAsync(2);
        await cluster.StartGatewayAsync();
        var user = await GatewayUsers.CreateLinkedAsync(cluster, "alice");
        var served = await GatewayUsers.GitPasswordAsync(cluster, user);

        var sample = await TokenClientSample.RunAsync(cluster, user.UserId, serviceCertificate.Environment(authority));
        Assert.True(sample.ExitCode == 0, sample.Output);
        Assert.Equal(served, sample.LastLine);

        var withoutTls = await RefusedAsync(cluster, null);
        var withoutCertificate = await RefusedAsync(cluster, client => client.UseTls(tls =>
        {
            tls.ClientCertificateMode = RemoteCertificateMode.AllowCertificate;
            tls.AllowAnyRemoteCertificate();
        }));
        var otherAuthority = await RefusedAsync(cluster, client => client.UseTls(strangerCertificate.Certificate, tls => tls.AllowAnyRemoteCertificate()));
        output.WriteLine($"{withoutTls}\n{withoutCertificate}\n{otherAuthority}");
    }

    private static async Task<string> RefusedAsync(ClusterProcesses cluster, Action<IClientBuilder>? configure)
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var client = await ClusterClient.ConnectAsync(cluster.Postgres, ClusterProcesses.ServiceId, cluster.ClusterId, configure);
            await client.Grains.GetGrain<Grains.Interfaces.IGitLinkGrain>("x/y").GetTokenAsync();
        });
        return refused.ToString();
    }
}
