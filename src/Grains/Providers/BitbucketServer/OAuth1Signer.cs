using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.Grains.Providers.BitbucketServer;

/// <summary>
/// OAuth 1.0a request signing (RFC 5849) with RSA-SHA1, as Bitbucket Server application links require: the
/// signature covers the method, the URL without query, and every oauth_*, query and form parameter.
/// </summary>
public sealed class OAuth1Signer(string consumerKey, RSA privateKey, TimeProvider time)
{
    /// <summary>Signs the request and sets its Authorization header. Form bodies are covered; JSON bodies are not (RFC 5849).</summary>
    public void Sign(HttpRequestMessage request, string? token, IEnumerable<KeyValuePair<string, string>>? extraOAuthParameters = null,
        IEnumerable<KeyValuePair<string, string>>? formParameters = null)
    {
        var oauth = new List<KeyValuePair<string, string>>
        {
            new("oauth_consumer_key", consumerKey),
            new("oauth_nonce", Convert.ToHexString(RandomNumberGenerator.GetBytes(16))),
            new("oauth_signature_method", "RSA-SHA1"),
            new("oauth_timestamp", time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new("oauth_version", "1.0"),
        };
        if (token is not null)
            oauth.Add(new("oauth_token", token));
        if (extraOAuthParameters is not null)
            oauth.AddRange(extraOAuthParameters);

        var uri = request.RequestUri!;
        var signed = new List<KeyValuePair<string, string>>(oauth);
        foreach (var (name, values) in QueryHelpers.ParseQuery(uri.Query))
            signed.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v ?? "")));
        if (formParameters is not null)
            signed.AddRange(formParameters);

        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(BaseString(request.Method.Method, uri, signed)),
            HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        oauth.Add(new("oauth_signature", Convert.ToBase64String(signature)));
        request.Headers.TryAddWithoutValidation("Authorization",
            "OAuth " + string.Join(", ", oauth.Select(p => $"{Encode(p.Key)}=\"{Encode(p.Value)}\"")));
    }

    /// <summary>RFC 5849 §3.4.1: METHOD &amp; encoded base URI &amp; encoded sorted parameters.</summary>
    public static string BaseString(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var baseUri = $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath}";
        var normalized = string.Join('&', parameters
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
        return method.ToUpperInvariant() + "&" + Encode(baseUri) + "&" + Encode(normalized);
    }

    /// <summary>RFC 5849 §3.6: everything except unreserved characters, as %XX with upper-case hex.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                builder.Append((char)b);
            else
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
