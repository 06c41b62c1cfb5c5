using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitIntegration.Grains.Hosting;
using GitIntegration.TestSupport;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Tests.Hosting;

/// <summary>GitIntegration:Cluster:Tls:* as read from configuration, and which peers it lets in.</summary>
public sealed class ClusterTlsTests
{
    private readonly TestAuthority _authority = TestAuthority.Create("cluster");

    [Fact]
    public void Without_a_certificate_path_there_is_no_TLS()
    {
        Assert.Null(ClusterTls.Read(Configuration([])));
        Assert.Null(ClusterSettings.Read(Configuration([])).Tls);
    }

    [Fact]
    public void A_PFX_and_a_PEM_pair_both_load_with_their_keys()
    {
        var pfx = ClusterTls.Read(Configuration(_authority.IssuePfx("silo", "secret").Environment(_authority)))!;
        var pem = ClusterTls.Read(Configuration(_authority.IssuePem("client").Environment(_authority)))!;

        Assert.True(pfx.Certificate.HasPrivateKey && pfx.AllowsServerAuthentication);
        Assert.True(pem.Certificate.HasPrivateKey);
        Assert.False(pem.AllowsServerAuthentication); // a client's certificate, not a silo's
    }

    [Fact]
    public void An_encrypted_PEM_key_opens_with_its_password_and_names_the_password_key_otherwise()
    {
        var client = _authority.IssuePem("client");
        var encrypted = client.KeyPath + ".encrypted";
        File.WriteAllText(encrypted, client.Certificate.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("pem-secret",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        var settings = client.Environment(_authority);
        settings["GitIntegration__Cluster__Tls__KeyPath"] = encrypted;

        settings["GitIntegration__Cluster__Tls__CertificatePassword"] = "pem-secret";
        Assert.True(ClusterTls.Read(Configuration(settings))!.Certificate.HasPrivateKey);

        settings["GitIntegration__Cluster__Tls__CertificatePassword"] = "not-it";
        var wrong = Assert.Throws<ClusterSettingsException>(() => ClusterTls.Read(Configuration(settings)));
        Assert.StartsWith("GitIntegration:Cluster:Tls:CertificatePassword: does not open", wrong.Message);
        Assert.DoesNotContain("not-it", wrong.Message);
    }

    [Fact]
    public void A_key_in_the_certificates_own_PEM_file_is_found_there()
    {
        var client = _authority.IssuePem("client");
        File.AppendAllText(client.CertificatePath, "\n" + File.ReadAllText(client.KeyPath!));
        var settings = client.Environment(_authority);
        settings.Remove("GitIntegration__Cluster__Tls__KeyPath");

        Assert.True(ClusterTls.Read(Configuration(settings))!.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Peers_are_trusted_when_their_certificate_chains_to_the_cluster_CA_and_only_then()
    {
        var tls = ClusterTls.Read(Configuration(_authority.IssuePfx("silo", "secret").Environment(_authority)))!;
        var sameCa = _authority.IssuePem("other-silo").Certificate;
        var otherCa = TestAuthority.Create("other").IssuePem("stranger").Certificate;

        // The name never matches (silos are reached by IP, the TLS layer reports it): the CA decides.
        Assert.True(tls.IsTrustedPeer(sameCa, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(tls.IsTrustedPeer(otherCa, null, SslPolicyErrors.None));
    }

    [Fact]
    public void A_DER_CA_certificate_is_read_as_well_as_PEM()
    {
        var settings = _authority.IssuePfx("silo", "secret").Environment(_authority);
        var der = _authority.CertificatePath + ".der";
        File.WriteAllBytes(der, X509CertificateLoader.LoadCertificateFromFile(_authority.CertificatePath).RawData);
        settings["GitIntegration__Cluster__Tls__CaCertificatePath"] = der;

        Assert.Single(ClusterTls.Read(Configuration(settings))!.Authorities);
    }

    [Fact]
    public void Trust_settings_without_a_certificate_name_the_missing_key()
    {
        var error = Assert.Throws<ClusterSettingsException>(() => ClusterTls.Read(Configuration(new()
        {
            ["GitIntegration__Cluster__Tls__CaCertificatePath"] = _authority.CertificatePath,
        })));
        Assert.StartsWith("GitIntegration:Cluster:Tls:CertificatePath: required", error.Message);
    }

    /// <summary>Environment-style names (GitIntegration__Cluster__Tls__...) as configuration keys.</summary>
    private static IConfiguration Configuration(Dictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":"), (string?)e.Value)))
            .Build();
}
