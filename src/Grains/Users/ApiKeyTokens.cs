using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.Grains.Users;

/// <summary>
/// Session tokens: 32 random bytes in base64url (43 characters). Only their SHA-256 (lower-case hex) is
/// stored, as the key of the <see cref="Interfaces.IApiKeyGrain"/>.
/// </summary>
public static class ApiKeyTokens
{
    public const int TokenLength = 43;
    private const int TokenBytes = 32;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>Ten hex characters, like Coder's key ids; unique per user, not secret.</summary>
    public static string NewKeyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Cheap shape check, so garbage never reaches a grain (each unknown hash would cost a storage read).</summary>
    public static bool LooksLikeToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
