using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.Grains.Ssh;

/// <summary>
/// Writes the unencrypted "openssh-key-v1" private key file that ssh-keygen writes (OpenSSH's
/// PROTOCOL.key): magic, cipher "none", kdf "none", one public key, then the private section
/// (two equal check ints, the key's private fields, the comment, padding 1, 2, 3, ... to 8 bytes),
/// base64 wrapped at 70 columns between the OPENSSH PRIVATE KEY armour lines.
/// </summary>
internal static class OpenSshPrivateKeyFormat
{
    private const string Magic = "openssh-key-v1\0";
    private const int BlockSize = 8; // the cipher block size for cipher "none"
    private const int LineLength = 70;
    private const string Begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private const string End = "-----END OPENSSH PRIVATE KEY-----";

    /// <param name="publicKeyBlob">The public key in SSH wire format.</param>
    /// <param name="privateKeyFields">The key type name followed by the key's private fields, as OpenSSH serializes them.</param>
    /// <param name="comment">The key comment.</param>
    public static string Write(ReadOnlySpan<byte> publicKeyBlob, ReadOnlySpan<byte> privateKeyFields, string comment)
    {
        using var privateSection = new SshWireWriter();
        var checkInt = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        privateSection.WriteUInt32(checkInt).WriteUInt32(checkInt)
            .WriteBytes(privateKeyFields)
            .WriteString(comment);
        for (byte pad = 1; privateSection.Length % BlockSize != 0; pad++)
            privateSection.WriteByte(pad);

        using var file = new SshWireWriter();
        file.WriteBytes(Encoding.ASCII.GetBytes(Magic))
            .WriteString("none") // cipher
            .WriteString("none") // kdf
            .WriteString(ReadOnlySpan<byte>.Empty) // kdf options
            .WriteUInt32(1) // number of keys
            .WriteString(publicKeyBlob);
        var section = privateSection.ToArray();
        file.WriteString(section);
        CryptographicOperations.ZeroMemory(section);

        var fileBytes = file.ToArray();
        var base64 = Convert.ToBase64String(fileBytes);
        CryptographicOperations.ZeroMemory(fileBytes);

        var pem = new StringBuilder(Begin.Length + End.Length + base64.Length + base64.Length / LineLength + 4);
        pem.Append(Begin).Append('\n');
        for (var start = 0; start < base64.Length; start += LineLength)
            pem.Append(base64, start, Math.Min(LineLength, base64.Length - start)).Append('\n');
        pem.Append(End).Append('\n');
        return pem.ToString();
    }
}
