using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace GitIntegration.Grains.Ssh;

/// <summary>
/// Generates SSH key pairs in the formats ssh-keygen uses: the public key as an authorized_keys line
/// and the private key as an unencrypted OpenSSH private key file.
/// </summary>
public static class SshKeyGenerator
{
    private const string Ed25519Type = "ssh-ed25519";
    private const string EcdsaType = "ecdsa-sha2-nistp256";
    private const string EcdsaCurve = "nistp256";
    private const string RsaType = "ssh-rsa";
    private const int RsaBits = 4096;

    /// <summary>
    /// Generates a new key pair. <paramref name="comment"/> ends the public key line and is stored in
    /// the private key; it must be a single line.
    /// </summary>
    public static SshKeyPair Generate(SshKeyAlgorithm algorithm, string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (comment.Any(char.IsControl))
            throw new ArgumentException("The SSH key comment must be a single line without control characters.", nameof(comment));

        using var publicKey = new SshWireWriter();
        using var privateFields = new SshWireWriter();
        switch (algorithm)
        {
            case SshKeyAlgorithm.Ed25519: WriteEd25519(publicKey, privateFields); break;
            case SshKeyAlgorithm.Ecdsa: WriteEcdsa(publicKey, privateFields); break;
            case SshKeyAlgorithm.Rsa4096: WriteRsa(publicKey, privateFields); break;
            default: throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown SSH key algorithm.");
        }

        var blob = publicKey.ToArray();
        var fields = privateFields.ToArray();
        try
        {
            var parsed = new SshPublicKey(blob, comment);
            return new SshKeyPair
            {
                Algorithm = algorithm,
                PublicKey = parsed.ToAuthorizedKeysLine(),
                PrivateKeyPem = OpenSshPrivateKeyFormat.Write(blob, fields, comment),
                Fingerprint = parsed.Fingerprint,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fields);
        }
    }

    // OpenSSH: public "ssh-ed25519" string(pk); private adds string(seed || pk).
    private static void WriteEd25519(SshWireWriter publicKey, SshWireWriter privateFields)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var seed = ((Ed25519PrivateKeyParameters)pair.Private).GetEncoded();
        var pk = ((Ed25519PublicKeyParameters)pair.Public).GetEncoded();
        var secret = new byte[seed.Length + pk.Length];
        try
        {
            seed.CopyTo(secret, 0);
            pk.CopyTo(secret, seed.Length);
            publicKey.WriteString(Ed25519Type).WriteString(pk);
            privateFields.WriteString(Ed25519Type).WriteString(pk).WriteString(secret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    // OpenSSH: public "ecdsa-sha2-nistp256" "nistp256" string(Q uncompressed); private adds mpint(d).
    private static void WriteEcdsa(SshWireWriter publicKey, SshWireWriter privateFields)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
        try
        {
            byte[] point = [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
            publicKey.WriteString(EcdsaType).WriteString(EcdsaCurve).WriteString(point);
            privateFields.WriteString(EcdsaType).WriteString(EcdsaCurve).WriteString(point).WriteMpint(parameters.D);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    // OpenSSH: public "ssh-rsa" mpint(e) mpint(n); private "ssh-rsa" n e d iqmp p q (iqmp = q^-1 mod p).
    private static void WriteRsa(SshWireWriter publicKey, SshWireWriter privateFields)
    {
        using var rsa = RSA.Create(RsaBits);
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        try
        {
            publicKey.WriteString(RsaType).WriteMpint(parameters.Exponent).WriteMpint(parameters.Modulus);
            privateFields.WriteString(RsaType)
                .WriteMpint(parameters.Modulus).WriteMpint(parameters.Exponent).WriteMpint(parameters.D)
                .WriteMpint(parameters.InverseQ).WriteMpint(parameters.P).WriteMpint(parameters.Q);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
            CryptographicOperations.ZeroMemory(parameters.P);
            CryptographicOperations.ZeroMemory(parameters.Q);
            CryptographicOperations.ZeroMemory(parameters.DP);
            CryptographicOperations.ZeroMemory(parameters.DQ);
            CryptographicOperations.ZeroMemory(parameters.InverseQ);
        }
    }
}
