using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitIntegration.TestSupport;

/// <summary>Where one issued certificate was written: a PFX (with its password), or a PEM certificate and PEM key.</summary>
public sealed record CertificateFiles(string CertificatePath, string? KeyPath, string? Password, X509Certificate2 Certificate)
{
    /// <summary>The GitIntegration__Cluster__Tls__* variables of a process presenting this certificate and trusting <paramref name="authority"/>.</summary>
    public Dictionary<string, string> Environment(TestAuthority authority)
    {
        var environment = new Dictionary<string, string>
        {
            ["GitIntegration__Cluster__Tls__CertificatePath"] = CertificatePath,
            ["GitIntegration__Cluster__Tls__CaCertificatePath"] = authority.CertificatePath,
        };
        if (KeyPath is not null)
            environment["GitIntegration__Cluster__Tls__KeyPath"] = KeyPath;
        if (Password is not null)
            environment["GitIntegration__Cluster__Tls__CertificatePassword"] = Password;
        return environment;
    }
}

/// <summary>
/// A certificate authority made for one test, as an operator makes a cluster's own CA (self-signed), and the
/// certificates it signs, all written as files to a temporary folder.
/// </summary>
public sealed class TestAuthority
{
    private readonly X509Certificate2 _certificate;
    private readonly string _folder;

    private TestAuthority(X509Certificate2 certificate, string folder, string name)
    {
        _certificate = certificate;
        _folder = folder;
        CertificatePath = Path.Combine(folder, name + "-ca.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
    }

    /// <summary>The CA's certificate (PEM), what Cluster:Tls:CaCertificatePath names.</summary>
    public string CertificatePath { get; }

    public static TestAuthority Create(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "silo-tests-tls-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return new TestAuthority(certificate, folder, name);
    }

    /// <summary>A silo's certificate (server and client authentication) as a password-protected PFX.</summary>
    public CertificateFiles IssuePfx(string name, string password)
    {
        var certificate = Issue(name, server: true);
        var path = Path.Combine(_folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return new CertificateFiles(path, null, password, certificate);
    }

    /// <summary>A client's certificate (client authentication only) as PEM certificate and PEM key files.</summary>
    public CertificateFiles IssuePem(string name)
    {
        var certificate = Issue(name, server: false);
        var (path, keyPath) = (Path.Combine(_folder, name + ".crt"), Path.Combine(_folder, name + ".key"));
        File.WriteAllText(path, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return new CertificateFiles(path, keyPath, null, certificate);
    }

    private X509Certificate2 Issue(string name, bool server)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var usages = new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }; // client authentication
        if (server)
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(_certificate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
