using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Secrets;

/// <summary>
/// The AES-256 keys secrets are encrypted with. The first key encrypts; every key decrypts, so a
/// new key is put first and the old ones stay behind it until every value has been re-encrypted.
/// Each key is known by a key id derived from the key itself (first 8 hex characters of its SHA-256),
/// which is stored with every encrypted value.
/// </summary>
public sealed class SecretKeyRing
{
    public const string ConfigurationKey = "GitIntegration:EncryptionKeys";
    public const int KeySizeInBytes = 32;
    private const int KeyIdLength = 8;

    private readonly Dictionary<string, byte[]> _keysById;

    private SecretKeyRing(List<(string Id, byte[] Key)> keys)
    {
        CurrentKeyId = keys[0].Id;
        KeyIds = keys.Select(k => k.Id).ToArray();
        _keysById = keys.ToDictionary(k => k.Id, k => k.Key, StringComparer.Ordinal);
    }

    /// <summary>The id of the key new values are encrypted with.</summary>
    public string CurrentKeyId { get; }

    /// <summary>All key ids, the current one first.</summary>
    public IReadOnlyList<string> KeyIds { get; }

    /// <summary>
    /// Builds a key ring from base64 keys, the current key first. Throws
    /// <see cref="SecretKeyConfigurationException"/> naming <paramref name="configurationKey"/> and the
    /// position of the bad entry when a key is not base64, not 32 bytes, or listed twice.
    /// </summary>
    public static SecretKeyRing Parse(IEnumerable<string?> base64Keys, string configurationKey = ConfigurationKey)
    {
        var keys = new List<(string Id, byte[] Key)>();
        var index = 0;
        foreach (var entry in base64Keys)
        {
            var key = DecodeKey(entry, $"{configurationKey}:{index}");
            var id = ComputeKeyId(key);
            var earlier = keys.FindIndex(k => k.Id == id);
            if (earlier >= 0)
            {
                var problem = keys[earlier].Key.AsSpan().SequenceEqual(key)
                    ? $"is the same key as {configurationKey}:{earlier}"
                    : $"has the same key id '{id}' as {configurationKey}:{earlier}; generate a new key";
                throw new SecretKeyConfigurationException($"{configurationKey}:{index} {problem}.");
            }
            keys.Add((id, key));
            index++;
        }
        if (keys.Count == 0)
            throw new SecretKeyConfigurationException($"{configurationKey} is empty: at least one base64 32-byte key is required.");
        return new SecretKeyRing(keys);
    }

    /// <summary>
    /// Reads <c>GitIntegration:EncryptionKeys</c> from configuration: either a list
    /// (<c>GitIntegration:EncryptionKeys:0</c>, <c>:1</c>, ...) or one comma-separated value.
    /// Returns null when the setting is absent, so the host can decide whether that is allowed.
    /// </summary>
    public static SecretKeyRing? FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConfigurationKey);
        var children = section.GetChildren().ToList();
        if (children.Count > 0)
            return Parse(children.Select(c => c.Value));
        if (string.IsNullOrWhiteSpace(section.Value))
            return null;
        return Parse(section.Value.Split(',', StringSplitOptions.TrimEntries));
    }

    /// <summary>A new random key, base64-encoded, ready to be put first in the configuration.</summary>
    public static string GenerateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeySizeInBytes));

    /// <summary>The key id of a key: the first 8 lowercase hex characters of SHA-256 of the key bytes.</summary>
    public static string ComputeKeyId(ReadOnlySpan<byte> key) =>
        Convert.ToHexStringLower(SHA256.HashData(key))[..KeyIdLength];

    internal static bool IsWellFormedKeyId(string keyId) =>
        keyId.Length == KeyIdLength && keyId.All(char.IsAsciiHexDigitLower);

    internal bool TryGetKey(string keyId, out byte[] key) => _keysById.TryGetValue(keyId, out key!);

    internal byte[] CurrentKey => _keysById[CurrentKeyId];

    public override string ToString() => $"SecretKeyRing(current {CurrentKeyId}, {KeyIds.Count} key(s))";

    private static byte[] DecodeKey(string? entry, string name)
    {
        if (string.IsNullOrWhiteSpace(entry))
            throw new SecretKeyConfigurationException($"{name} is empty: expected a base64 32-byte key.");
        byte[] key;
        try
        {
            key = Convert.FromBase64String(entry.Trim());
        }
        catch (FormatException)
        {
            throw new SecretKeyConfigurationException($"{name} is not valid base64: expected a base64 32-byte key.");
        }
        if (key.Length != KeySizeInBytes)
            throw new SecretKeyConfigurationException(
                $"{name} is {key.Length} bytes long: expected {KeySizeInBytes} bytes (AES-256), base64-encoded.");
        return key;
    }
}
