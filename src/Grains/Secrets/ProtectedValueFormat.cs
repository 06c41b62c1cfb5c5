using System.Buffers.Text;

namespace GitIntegration.Grains.Secrets;

/// <summary>
/// The printable envelope of an encrypted value: <c>v1.&lt;keyid&gt;.&lt;base64url(nonce|ciphertext|tag)&gt;</c>.
/// </summary>
internal static class ProtectedValueFormat
{
    public const string Version = "v1";
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static string Format(string keyId, ReadOnlySpan<byte> payload) =>
        $"{Version}.{keyId}.{Base64Url.EncodeToString(payload)}";

    /// <summary>Splits a protected value into its key id and payload, or throws <see cref="SecretDecryptionException"/>.</summary>
    public static (string KeyId, byte[] Payload) Parse(string? protectedValue)
    {
        if (!TryParse(protectedValue, out var keyId, out var payload))
            throw new SecretDecryptionException($"The value is not an encrypted secret in the {Version} format.");
        return (keyId, payload);
    }

    public static bool TryParse(string? protectedValue, out string keyId, out byte[] payload)
    {
        keyId = "";
        payload = [];
        var parts = protectedValue?.Split('.');
        if (parts is not [Version, var id, var encoded] || !SecretKeyRing.IsWellFormedKeyId(id))
            return false;
        if (!encoded.All(IsBase64UrlChar) || !TryDecode(encoded, out var bytes) || bytes.Length < NonceSize + TagSize)
            return false;
        keyId = id;
        payload = bytes;
        return true;
    }

    private static bool TryDecode(string encoded, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(encoded); // strict: refuses stray trailing bits and bad lengths
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    /// <summary>The key id of a well-formed value; throws <see cref="SecretDecryptionException"/> for anything else.</summary>
    public static string KeyIdOf(string? protectedValue) => Parse(protectedValue).KeyId;
}
