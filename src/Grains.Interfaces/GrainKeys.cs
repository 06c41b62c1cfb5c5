using System.Text.RegularExpressions;

namespace GitIntegration.Grains.Interfaces;

/// <summary>
/// How grain keys are formed, and the rules for the ids inside them. Every key starts with a letter that is not a
/// hex digit: Orleans' ADO.NET storage reads a key made only of hex digits (optionally before a '+') as a number,
/// so "abc" and "0abc" would share one stored row.
/// </summary>
public static partial class GrainKeys
{
    public const string Catalog = "catalog";

    /// <summary>Usernames: letters, digits, '-', '_' and '.', 1 to 64 characters, starting with a letter or digit.</summary>
    public static bool IsValidUsername(string? name) => name is { Length: > 0 and <= 64 } && UsernamePattern().IsMatch(name);

    public static string Link(string userId, string providerId) => $"{userId}/{providerId}";

    public static (string UserId, string ProviderId) ParseLink(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1)
            throw new ArgumentException($"'{key}' is not a link key ({{userId}}/{{providerId}}).");
        return (key[..slash], key[(slash + 1)..]);
    }

    public static string Username(string username) => "name:" + username.ToLowerInvariant();

    /// <summary>A session key's grain: the lower-case hex SHA-256 of the token behind a fixed prefix.</summary>
    public static string ApiKey(string tokenSha256Hex) => "sha256:" + tokenSha256Hex;

    /// <summary>Account ids from providers can hold characters outside the key alphabet (Bitbucket's braced uuids), so they are escaped.</summary>
    public static string ExternalIdentity(string providerId, string accountId) =>
        $"identity:{providerId}/{Uri.EscapeDataString(accountId).Replace('%', '=')}";

    public static string NewUserId() => "u" + Guid.NewGuid().ToString("N");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex UsernamePattern();
}
