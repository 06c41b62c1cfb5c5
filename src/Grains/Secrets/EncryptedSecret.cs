using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitIntegration.Grains.Secrets;

/// <summary>
/// A secret as it is kept in grain state: only the protected string made by
/// <see cref="SecretProtector"/>, never the plaintext. It serializes to JSON as that string
/// (<c>"v1.&lt;keyid&gt;.&lt;payload&gt;"</c>) and its <see cref="ToString"/> shows only the key id.
/// </summary>
[JsonConverter(typeof(EncryptedSecretJsonConverter))]
public sealed record EncryptedSecret
{
    /// <summary>Wraps a protected value; throws <see cref="SecretDecryptionException"/> if it is not one.</summary>
    public EncryptedSecret(string value)
    {
        KeyId = ProtectedValueFormat.KeyIdOf(value);
        Value = value;
    }

    /// <summary>The protected string: <c>v1.&lt;keyid&gt;.&lt;base64url(nonce|ciphertext|tag)&gt;</c>.</summary>
    public string Value { get; }

    /// <summary>The id of the key the value was encrypted with.</summary>
    public string KeyId { get; }

    public override string ToString() => $"EncryptedSecret(key {KeyId})";
}

/// <summary>Reads and writes an <see cref="EncryptedSecret"/> as its protected string.</summary>
public sealed class EncryptedSecretJsonConverter : JsonConverter<EncryptedSecret>
{
    public override EncryptedSecret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException("An encrypted secret must be a JSON string.");
        try
        {
            return new EncryptedSecret(reader.GetString()!);
        }
        catch (SecretDecryptionException)
        {
            throw new JsonException("The JSON string is not an encrypted secret in the v1 format.");
        }
    }

    public override void Write(Utf8JsonWriter writer, EncryptedSecret value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
