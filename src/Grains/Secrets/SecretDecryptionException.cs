namespace GitIntegration.Grains.Secrets;

/// <summary>
/// A protected value could not be turned back into its plaintext: it is malformed, was written
/// under a key that is not in the key ring, was tampered with, or belongs to other associated data.
/// The message never contains plaintext, ciphertext or key material.
/// </summary>
public sealed class SecretDecryptionException(string message, string? keyId = null) : Exception(message)
{
    /// <summary>The key id the value names, when the value was well-formed enough to name one.</summary>
    public string? KeyId { get; } = keyId;
}
