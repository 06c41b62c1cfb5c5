using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace GitIntegration.Grains.Hosting;

/// <summary>
/// Mutual TLS between silos, and between Orleans clients (gateways, other services) and silos, from
/// <c>GitIntegration:Cluster:Tls:*</c>. Every process presents <see cref="Certificate"/> and accepts a peer only when
/// the peer presents a certificate that chains to one of <see cref="Authorities"/> (the cluster's own CA, which may be
/// self-signed). Host names are not checked: silos are reached at the IP addresses they advertise, and the CA is what
/// admits a process to the cluster.
/// </summary>
public sealed class ClusterTls
{
    public const string Section = ClusterSettings.Section + "Tls:";
    public const string CertificatePathKey = Section + "CertificatePath";
    public const string KeyPathKey = Section + "KeyPath";
    public const string CertificatePasswordKey = Section + "CertificatePassword";
    public const string CaCertificatePathKey = Section + "CaCertificatePath";

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection authorities) =>
        (Certificate, Authorities) = (certificate, authorities);

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public X509Certificate2Collection Authorities { get; }

    /// <summary>Whether a silo may present <see cref="Certificate"/> to the processes that connect to it.</summary>
    public bool AllowsServerAuthentication => AllowsUsage(Certificate, ServerAuthentication);

    /// <summary>The settings, or null when CertificatePath is not set (no TLS). Throws <see cref="ClusterSettingsException"/>
    /// with one line naming the key when a file is missing, unreadable, has no private key or the password is wrong.</summary>
    public static ClusterTls? Read(IConfiguration configuration)
    {
        var certificatePath = configuration[CertificatePathKey];
        var caPath = configuration[CaCertificatePathKey];
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            if (!string.IsNullOrWhiteSpace(caPath) || configuration[KeyPathKey] is not null)
                throw new ClusterSettingsException($"{CertificatePathKey}: required when other {Section}* keys are set (this process's certificate).");
            return null;
        }
        if (string.IsNullOrWhiteSpace(caPath))
            throw new ClusterSettingsException($"{CaCertificatePathKey}: required with {CertificatePathKey} (the CA that signs the cluster's certificates).");

        var certificate = LoadCertificate(certificatePath, configuration[KeyPathKey], configuration[CertificatePasswordKey]);
        if (!AllowsUsage(certificate, ClientAuthentication))
            throw new ClusterSettingsException($"{CertificatePathKey}: the certificate in '{certificatePath}' is not for client authentication (Extended Key Usage), which every process of the cluster needs.");
        return new ClusterTls(certificate, LoadAuthorities(caPath));
    }

    /// <summary>Orleans' TLS settings for this cluster: both sides present a certificate, and both check the other's.</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = IsTrustedPeer;
    }

    /// <summary>The peer's certificate chains to a cluster CA (the system's roots play no part). Name mismatches in
    /// <paramref name="errors"/> are ignored on purpose (see the class summary); the chain is built again here.</summary>
    public bool IsTrustedPeer(X509Certificate2 peer, X509Chain? presented, SslPolicyErrors errors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                chain.ChainPolicy.ExtraStore.Add(element.Certificate); // intermediates the peer sent
        return chain.Build(peer);
    }

    private static X509Certificate2 LoadCertificate(string path, string? keyPath, string? password)
    {
        RequireFile(CertificatePathKey, path);
        if (keyPath is not null)
            RequireFile(KeyPathKey, keyPath);
        var pem = File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal);
        var keyText = pem ? File.ReadAllText(keyPath ?? path) : "";
        if (pem && !keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw new ClusterSettingsException($"{KeyPathKey}: '{keyPath ?? path}' holds no PEM private key{(keyPath is null ? $" (set {KeyPathKey} to the certificate's key file)" : "")}.");
        var encryptedKey = keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        X509Certificate2 certificate;
        try
        {
            certificate = !pem ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : encryptedKey ? X509Certificate2.CreateFromEncryptedPemFile(path, password ?? "", keyPath)
                : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        // A PFX says so when the password is wrong; an encrypted PEM key only that it cannot be read.
        catch (CryptographicException e) when (pem ? encryptedKey : e.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            throw new ClusterSettingsException($"{CertificatePasswordKey}: does not open '{keyPath ?? path}' (wrong or missing password).");
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ClusterSettingsException($"{CertificatePathKey}: '{path}'{(keyPath is null ? "" : $" with {KeyPathKey} '{keyPath}'")} is not a PFX, or a PEM certificate with its private key: {e.Message}");
        }
        if (!certificate.HasPrivateKey)
            throw new ClusterSettingsException($"{CertificatePathKey}: the PFX '{path}' holds no private key.");
        return certificate;
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        RequireFile(CaCertificatePathKey, path);
        var authorities = new X509Certificate2Collection();
        try
        {
            if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                authorities.ImportFromPemFile(path);
            else
                authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
        catch (CryptographicException e)
        {
            throw new ClusterSettingsException($"{CaCertificatePathKey}: '{path}' is not a PEM or DER certificate: {e.Message}");
        }
        return authorities.Count > 0 ? authorities : throw new ClusterSettingsException($"{CaCertificatePathKey}: '{path}' holds no certificate.");
    }

    private static void RequireFile(string key, string path)
    {
        if (!File.Exists(path))
            throw new ClusterSettingsException($"{key}: '{path}' does not exist.");
    }

    private static bool AllowsUsage(X509Certificate2 certificate, string oid)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        return usages.Count == 0 || usages.Any(u => u.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == oid));
    }
}
