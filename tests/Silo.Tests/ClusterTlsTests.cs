using System.Security.Cryptography;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Silo.Tests.Support;
using GitIntegration.TestSupport;
using Microsoft.AspNetCore.Connections;
using Orleans.Connections.Security;
using Orleans.Runtime.Messaging;

namespace GitIntegration.Silo.Tests;

/// <summary>
/// Mutual TLS (GitIntegration:Cluster:Tls:*) with a CA made for the test: silos form a cluster over it, the gateway
/// and another service holding a certificate of that CA are served, and clients without one are turned away at the
/// TLS handshake. A bad TLS setting stops a silo or gateway with one line naming the key.
/// </summary>
public sealed class ClusterTlsTests
{
    private const string TlsRefusal = "Orleans.Connections.Security.TlsServerConnectionMiddleware";

    [PostgresFact]
    public async Task With_mutual_TLS_only_processes_holding_a_certificate_of_the_clusters_CA_get_in()
    {
        var authority = TestAuthority.Create("cluster");
        var siloCertificate = authority.IssuePfx("silo", "silo-pfx-password");
        var serviceCertificate = authority.IssuePem("token-client");
        var strangerCertificate = TestAuthority.Create("other").IssuePem("stranger");
        await using var cluster = await ClusterProcesses.CreateAsync(environment: siloCertificate.Environment(authority));

        // A silo turns active only after it reached the silos already there (Orleans checks connectivity first), and no
        // silo accepts anything but TLS with a certificate of the CA: two ready silos have talked over mutual TLS.
        await cluster.AddSilosAsync(2);
        await cluster.StartGatewayAsync();
        var user = await GatewayUsers.CreateLinkedAsync(cluster, "alice");
        var served = await GatewayUsers.GitPasswordAsync(cluster, user);
        var sample = await TokenClientSample.RunAsync(cluster, user.UserId, serviceCertificate.Environment(authority));
        Assert.True(sample.ExitCode == 0, sample.Output);
        Assert.Equal(served, sample.LastLine);
        Assert.Equal(0, TlsRefusals(cluster));

        await AssertRefusedAsync(cluster, client => { }); // plain TCP
        await AssertRefusedAsync(cluster, client => client.UseTls(tls =>
        {
            tls.ClientCertificateMode = RemoteCertificateMode.AllowCertificate; // TLS, but no certificate to show
            tls.AllowAnyRemoteCertificate();
        }));
        await AssertRefusedAsync(cluster, client => client.UseTls(strangerCertificate.Certificate, tls => tls.AllowAnyRemoteCertificate()));

        // The cluster still serves the processes it trusts.
        Assert.Equal(served, await GatewayUsers.GitPasswordAsync(cluster, user));
    }

    /// <summary>
    /// What the caller of another service sees: starting its Orleans client fails with ConnectionFailedException, every
    /// gateway (silo) having closed the connection at the TLS handshake; the silos log the refused handshake.
    /// </summary>
    private static async Task AssertRefusedAsync(ClusterProcesses cluster, Action<IClientBuilder> tls)
    {
        var refusalsBefore = TlsRefusals(cluster);
        var refused = await Assert.ThrowsAsync<ConnectionFailedException>(async () =>
        {
            await using var client = await ClusterClient.ConnectAsync(cluster.Postgres, ClusterProcesses.ServiceId, cluster.ClusterId, client =>
            {
                tls(client);
                client.UseConnectionRetryFilter((_, _) => Task.FromResult(false)); // Orleans retries for 3 minutes by default
            });
            await client.Grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(GrainKeys.NewUserId(), ClusterProcesses.ProviderId)).GetTokenAsync();
        });

        Assert.Equal($"Unable to connect to any of the {cluster.Silos.Count} available gateways.", refused.Message);
        var perGateway = Assert.IsType<ConnectionFailedException>(refused.InnerException);
        Assert.Contains(cluster.Silos, silo => perGateway.Message.StartsWith($"Unable to connect to endpoint S127.0.0.1:{silo.GatewayPort}:", StringComparison.Ordinal));
        // The TCP connection was accepted and then closed by the silo (no timeout, no refused port); when depends on the
        // TLS version: during the handshake, or (TLS 1.3, where the client finishes first) when Orleans reads the silo's preamble.
        var closed = perGateway.InnerException;
        Assert.True(closed is ConnectionAbortedException or ConnectionResetException || closed?.Message == "Connection terminated prematurely",
            $"not closed by the silo: {perGateway}");
        await Eventually.HoldsAsync(() => TlsRefusals(cluster) > refusalsBefore, "a silo to log the refused TLS handshake");
    }

    private static int TlsRefusals(ClusterProcesses cluster) =>
        cluster.Silos.Sum(s => LoadedCluster.LogText(s).Split('\n').Count(line => line.Contains(TlsRefusal, StringComparison.Ordinal)));

    [Theory]
    [InlineData("silo", "missing certificate", "GitIntegration:Cluster:Tls:CertificatePath: '")]
    [InlineData("silo", "wrong password", "GitIntegration:Cluster:Tls:CertificatePassword: does not open '")]
    [InlineData("silo", "no CA", "GitIntegration:Cluster:Tls:CaCertificatePath: required with GitIntegration:Cluster:Tls:CertificatePath")]
    [InlineData("silo", "missing CA", "GitIntegration:Cluster:Tls:CaCertificatePath: '")]
    [InlineData("silo", "PEM without key", "GitIntegration:Cluster:Tls:KeyPath: '")]
    [InlineData("silo", "client-only certificate", "GitIntegration:Cluster:Tls:CertificatePath: a silo's certificate must also be for server authentication")]
    [InlineData("gateway", "missing certificate", "GitIntegration:Cluster:Tls:CertificatePath: '")]
    [InlineData("gateway", "wrong password", "GitIntegration:Cluster:Tls:CertificatePassword: does not open '")]
    public async Task A_bad_TLS_setting_stops_start_up_with_one_line_naming_the_key(string program, string problem, string expected)
    {
        var authority = TestAuthority.Create("cluster");
        var pfx = authority.IssuePfx("silo", "right-password");
        var pem = authority.IssuePem("client");
        var environment = pfx.Environment(authority);
        switch (problem)
        {
            case "missing certificate":
                environment["GitIntegration__Cluster__Tls__CertificatePath"] = pfx.CertificatePath + ".missing";
                break;
            case "wrong password":
                environment["GitIntegration__Cluster__Tls__CertificatePassword"] = "wrong-password";
                break;
            case "no CA":
                environment.Remove("GitIntegration__Cluster__Tls__CaCertificatePath");
                break;
            case "missing CA":
                environment["GitIntegration__Cluster__Tls__CaCertificatePath"] = authority.CertificatePath + ".missing";
                break;
            case "PEM without key":
                environment = pem.Environment(authority);
                environment.Remove("GitIntegration__Cluster__Tls__KeyPath");
                break;
            case "client-only certificate":
                environment = pem.Environment(authority);
                break;
        }
        environment["ConnectionStrings__Postgres"] = "Host=127.0.0.1";
        environment["GitIntegration__EncryptionKeys__0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        environment["GitIntegration__AdminToken"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var logs = Path.Combine(Path.GetTempPath(), "silo-tls-startup-" + Guid.NewGuid().ToString("N")[..8]);
        await using var process = program == "silo"
            ? ChildProcess.StartDotnet("silo", RepositoryRoot.ProgramDll("Silo", "GitIntegration.Silo"), [], environment, logs)
            : ChildProcess.StartDotnet("gateway", RepositoryRoot.ProgramDll("ApiGateway", "GitIntegration.ApiGateway"), ["--mode", "gateway"], environment, logs);

        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the {program} kept running");
        var output = process.Tail().Trim();
        Assert.StartsWith(expected, output);
        Assert.DoesNotContain('\n', output);
        Assert.DoesNotContain("right-password", output);
        Assert.DoesNotContain("wrong-password", output);
        Assert.Equal(1, process.ExitCode);
    }
}
