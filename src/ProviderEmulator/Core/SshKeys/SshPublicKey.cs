using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.ProviderEmulator.Core.SshKeys;

/// <summary>A parsed OpenSSH public key line ("type base64 [comment]").</summary>
public sealed record SshPublicKey(string Algorithm, byte[] Blob, string Comment, int Bits)
{
    private static readonly HashSet<string> KnownAlgorithms =
    [
        "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ];

    /// <summary>"type base64" without the comment.</summary>
    public string KeyText => Algorithm + " " + Convert.ToBase64String(Blob);

    /// <summary>The full line as submitted (with the comment when there was one).</summary>
    public string FullText => Comment.Length > 0 ? KeyText + " " + Comment : KeyText;

    /// <summary>Same as `ssh-keygen -lf`: "SHA256:" and unpadded base64 of the blob's SHA-256.</summary>
    public string Sha256Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(Blob)).TrimEnd('=');

    /// <summary>The legacy colon-separated MD5 fingerprint.</summary>
    public string Md5Fingerprint => string.Join(':', MD5.HashData(Blob).Select(b => b.ToString("x2")));

    public static bool TryParse(string? text, out SshPublicKey key, out string error)
    {
        key = null!;
        var parts = (text ?? "").Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            error = "not an OpenSSH public key line";
            return false;
        }

        var algorithm = parts[0];
        if (!KnownAlgorithms.Contains(algorithm))
        {
            error = $"unsupported key type '{algorithm}'";
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            error = "the key data is not base64";
            return false;
        }

        try
        {
            var reader = new BlobReader(blob);
            if (Encoding.ASCII.GetString(reader.ReadString()) != algorithm)
            {
                error = "the key data does not match its type";
                return false;
            }

            var bits = ReadBits(algorithm, reader);
            key = new SshPublicKey(algorithm, blob, parts.Length > 2 ? parts[2].Trim() : "", bits);
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidDataException)
        {
            error = "the key data is truncated or malformed";
            return false;
        }
    }

    private static int ReadBits(string algorithm, BlobReader reader)
    {
        switch (algorithm)
        {
            case "ssh-rsa":
                reader.ReadString(); // public exponent
                return MpintBits(reader.ReadString());
            case "ssh-dss":
                return MpintBits(reader.ReadString());
            case "ssh-ed25519" or "sk-ssh-ed25519@openssh.com":
                var point = reader.ReadString();
                return point.Length == 32 ? 256 : throw new InvalidDataException();
            default:
                var curve = Encoding.ASCII.GetString(reader.ReadString());
                reader.ReadString(); // the point
                return curve switch
                {
                    "nistp256" => 256,
                    "nistp384" => 384,
                    "nistp521" => 521,
                    _ => throw new InvalidDataException(),
                };
        }
    }

    private static int MpintBits(byte[] mpint)
    {
        var start = 0;
        while (start < mpint.Length && mpint[start] == 0)
        {
            start++;
        }

        if (start == mpint.Length)
        {
            return 0;
        }

        var bitsInTopByte = 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)mpint[start]);
        return (mpint.Length - start - 1) * 8 + bitsInTopByte;
    }

    private sealed class BlobReader(byte[] blob)
    {
        private int _offset;

        public byte[] ReadString()
        {
            if (_offset + 4 > blob.Length)
            {
                throw new InvalidDataException();
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(_offset, 4));
            _offset += 4;
            if (length > blob.Length - _offset)
            {
                throw new InvalidDataException();
            }

            var value = blob.AsSpan(_offset, (int)length).ToArray();
            _offset += (int)length;
            return value;
        }
    }
}
