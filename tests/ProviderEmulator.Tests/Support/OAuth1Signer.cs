using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.ProviderEmulator.Tests.Support;

/// <summary>A test-side OAuth 1.0a RSA-SHA1 signer, written from RFC 5849 independently of the emulator.</summary>
public sealed class OAuth1Signer(RSA privateKey, string consumerKey)
{
    public string AuthorizationHeader(HttpMethod method, string url, IDictionary<string, string>? oauthExtra = null, string? nonce = null)
    {
        var uri = new Uri(url);
        var oauth = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["oauth_consumer_key"] = consumerKey,
            ["oauth_nonce"] = nonce ?? Guid.NewGuid().ToString("N"),
            ["oauth_signature_method"] = "RSA-SHA1",
            ["oauth_timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["oauth_version"] = "1.0",
        };
        foreach (var (key, value) in oauthExtra ?? new Dictionary<string, string>())
        {
            oauth[key] = value;
        }

        var parameters = oauth.Select(p => (Encode(p.Key), Encode(p.Value))).ToList();
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            parameters.Add((Encode(Uri.UnescapeDataString(parts[0])), Encode(Uri.UnescapeDataString(parts.Length > 1 ? parts[1] : ""))));
        }

        var normalized = string.Join('&', parameters.OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal)
            .Select(p => p.Item1 + "=" + p.Item2));
        var baseUri = $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.AbsolutePath}";
        var baseString = $"{method.Method.ToUpperInvariant()}&{Encode(baseUri)}&{Encode(normalized)}";
        var signature = Convert.ToBase64String(privateKey.SignData(Encoding.ASCII.GetBytes(baseString), HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1));
        oauth["oauth_signature"] = signature;
        return "OAuth realm=\"\", " + string.Join(", ", oauth.Select(p => $"{Encode(p.Key)}=\"{Encode(p.Value)}\""));
    }

    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
