using System.Security.Cryptography;

namespace GitIntegration.Grains.Ssh;

/// <summary>
/// An SSH public key as found on an authorized_keys line (<c>ssh-ed25519 AAAA... comment</c>), for
/// example one listed by a provider's SSH-key API. Two keys are the same key when their blobs are
/// equal; the comment does not matter (see <see cref="IsSameKeyAs"/> and <see cref="Fingerprint"/>).
/// </summary>
public sealed class SshPublicKey
{
    private readonly byte[] _blob;

    public SshPublicKey(ReadOnlySpan<byte> blob, string? comment = null)
    {
        _blob = blob.ToArray();
        KeyType = ReadKeyType(_blob);
        Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        Fingerprint = ComputeFingerprint(_blob);
    }

    /// <summary>The key type, e.g. <c>ssh-ed25519</c>, <c>ecdsa-sha2-nistp256</c>, <c>ssh-rsa</c>.</summary>
    public string KeyType { get; }

    /// <summary>The public key blob in SSH wire format (the decoded base64 part of the line).</summary>
    public ReadOnlyMemory<byte> Blob => _blob;

    /// <summary>The text after the blob on the line, or null.</summary>
    public string? Comment { get; }

    /// <summary><c>SHA256:&lt;base64 without padding&gt;</c>, as <c>ssh-keygen -lf</c> prints it.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// Parses <c>&lt;type&gt; &lt;base64 blob&gt; [comment]</c>. Throws <see cref="FormatException"/> when
    /// the line is not that, when the blob is not base64, or when the blob's own type differs from the
    /// type on the line.
    /// </summary>
    public static SshPublicKey Parse(string authorizedKeysLine)
    {
        ArgumentNullException.ThrowIfNull(authorizedKeysLine);
        var parts = authorizedKeysLine.Trim().Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
            throw new FormatException("An SSH public key line must be '<type> <base64 key> [comment]'.");

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            throw new FormatException($"The key data of the '{parts[0]}' public key is not valid base64.");
        }
        var key = new SshPublicKey(blob, parts.Length > 2 ? parts[2] : null);
        if (key.KeyType != parts[0])
            throw new FormatException($"The public key line says '{parts[0]}' but its key data is a '{key.KeyType}' key.");
        return key;
    }

    public static bool TryParse(string? authorizedKeysLine, out SshPublicKey? key)
    {
        key = null;
        if (authorizedKeysLine is null)
            return false;
        try
        {
            key = Parse(authorizedKeysLine);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The SHA-256 fingerprint of a public key blob: <c>SHA256:</c> + unpadded base64 of its hash.</summary>
    public static string ComputeFingerprint(ReadOnlySpan<byte> blob) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    /// <summary>True when both are the same key (same type and blob), whatever their comments.</summary>
    public bool IsSameKeyAs(SshPublicKey other) => _blob.AsSpan().SequenceEqual(other._blob);

    /// <summary><c>&lt;type&gt; &lt;base64 blob&gt;</c>, followed by the comment when there is one.</summary>
    public string ToAuthorizedKeysLine() =>
        Comment is null ? $"{KeyType} {Convert.ToBase64String(_blob)}" : $"{KeyType} {Convert.ToBase64String(_blob)} {Comment}";

    public override string ToString() => ToAuthorizedKeysLine();

    private static string ReadKeyType(byte[] blob)
    {
        var type = new SshWireReader(blob).ReadAsciiString();
        if (type.Length == 0 || !type.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '@' or '.' or '_'))
            throw new FormatException("The SSH public key data does not start with a key type name.");
        return type;
    }
}
