using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.Grains.Secrets;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM under the key ring's current key and decrypts them
/// under whichever key they name. A fresh random 12-byte nonce is used for every value.
/// The associated data (for example the grain id and the field name) is authenticated but not
/// stored: a value only decrypts with the same associated data it was protected with, so it cannot
/// be moved to another row or field.
/// </summary>
public sealed class SecretProtector(SecretKeyRing keyRing)
{
    private const int NonceSize = ProtectedValueFormat.NonceSize;
    private const int TagSize = ProtectedValueFormat.TagSize;

    public SecretKeyRing KeyRing { get; } = keyRing;

    /// <summary>Encrypts <paramref name="plaintext"/> into a printable <c>v1.&lt;keyid&gt;.&lt;payload&gt;</c> string.</summary>
    public string Protect(string plaintext, string associatedData = "")
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(associatedData);
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[NonceSize + plainBytes.Length + TagSize];
        var nonce = payload.AsSpan(0, NonceSize);
        var ciphertext = payload.AsSpan(NonceSize, plainBytes.Length);
        var tag = payload.AsSpan(NonceSize + plainBytes.Length, TagSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(KeyRing.CurrentKey, TagSize))
            aes.Encrypt(nonce, plainBytes, ciphertext, tag, Encoding.UTF8.GetBytes(associatedData));
        CryptographicOperations.ZeroMemory(plainBytes);
        return ProtectedValueFormat.Format(KeyRing.CurrentKeyId, payload);
    }

    /// <summary>
    /// Decrypts a value made by <see cref="Protect"/>. Throws <see cref="SecretDecryptionException"/> when
    /// the value is malformed, names a key id that is not in the ring, was tampered with, or was
    /// protected with different associated data.
    /// </summary>
    public string Unprotect(string protectedValue, string associatedData = "")
    {
        ArgumentNullException.ThrowIfNull(associatedData);
        var (keyId, payload) = ProtectedValueFormat.Parse(protectedValue);
        if (!KeyRing.TryGetKey(keyId, out var key))
            throw new SecretDecryptionException(
                $"The secret was encrypted with key id '{keyId}', which is not in {SecretKeyRing.ConfigurationKey} " +
                $"(known key ids: {string.Join(", ", KeyRing.KeyIds)}).", keyId);

        var nonce = payload.AsSpan(0, NonceSize);
        var ciphertext = payload.AsSpan(NonceSize, payload.Length - NonceSize - TagSize);
        var tag = payload.AsSpan(payload.Length - TagSize);
        var plainBytes = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plainBytes, Encoding.UTF8.GetBytes(associatedData));
            return Encoding.UTF8.GetString(plainBytes);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretDecryptionException(
                $"The secret encrypted with key id '{keyId}' failed authentication: it was altered, " +
                "or it belongs to other associated data (another record or field).", keyId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plainBytes);
        }
    }

    /// <summary>
    /// True when the value was encrypted with the current key; false when it names an older key and
    /// should be re-encrypted on the next write. Throws <see cref="SecretDecryptionException"/> for a
    /// malformed value.
    /// </summary>
    public bool IsCurrentKey(string protectedValue) =>
        ProtectedValueFormat.KeyIdOf(protectedValue) == KeyRing.CurrentKeyId;

    /// <summary>
    /// Returns the value unchanged when it is under the current key, otherwise decrypts it and encrypts
    /// it again under the current key.
    /// </summary>
    public string Reprotect(string protectedValue, string associatedData = "") =>
        IsCurrentKey(protectedValue) ? protectedValue : Protect(Unprotect(protectedValue, associatedData), associatedData);

    public EncryptedSecret Encrypt(string plaintext, string associatedData = "") =>
        new(Protect(plaintext, associatedData));

    public string Decrypt(EncryptedSecret secret, string associatedData = "")
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Unprotect(secret.Value, associatedData);
    }

    public bool IsCurrentKey(EncryptedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.KeyId == KeyRing.CurrentKeyId;
    }

    public EncryptedSecret Reencrypt(EncryptedSecret secret, string associatedData = "")
    {
        ArgumentNullException.ThrowIfNull(secret);
        return IsCurrentKey(secret) ? secret : new EncryptedSecret(Reprotect(secret.Value, associatedData));
    }
}
