using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>RFC 7636 proof key checks.</summary>
public static class Pkce
{
    /// <summary>A verifier is 43 to 128 characters of [A-Za-z0-9-._~].</summary>
    public static bool IsWellFormedVerifier(string verifier) =>
        verifier.Length is >= 43 and <= 128 &&
        verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    public static bool Verify(string challenge, string method, string? verifier)
    {
        if (verifier is null || !IsWellFormedVerifier(verifier))
        {
            return false;
        }

        var expected = method == "S256"
            ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }

    public static string S256Challenge(string verifier) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
