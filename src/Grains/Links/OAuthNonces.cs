using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.Grains.Links;

/// <summary>The random values of an OAuth flow: state, PKCE verifier and S256 challenge, and their comparison.</summary>
internal static class OAuthNonces
{
    /// <summary>32 random bytes, base64url: unguessable and safe in a URL.</summary>
    public static string NewState() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A PKCE code verifier (RFC 7636: 43 characters from the unreserved set).</summary>
    public static string NewCodeVerifier() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string S256Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>What is stored instead of a single-use value: lower-case hex SHA-256.</summary>
    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Compares a presented value with a stored hash in constant time.</summary>
    public static bool Matches(string? presented, string storedHash) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>Only a local path may be a return target (no scheme, no host, no "//" or "/\" tricks).</summary>
    public static string? LocalPathOrNull(string? returnTo) =>
        returnTo is { Length: > 0 } path && path[0] == '/' && (path.Length == 1 || path[1] is not '/' and not '\\')
        && !path.Any(char.IsControl)
            ? path
            : null;
}
