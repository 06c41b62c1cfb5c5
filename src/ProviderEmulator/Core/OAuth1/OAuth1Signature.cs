using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitIntegration.ProviderEmulator.Core.OAuth1;

/// <summary>OAuth 1.0a (RFC 5849) parameter parsing, signature base string and RSA-SHA1 verification.</summary>
public static class OAuth1Signature
{
    /// <summary>Parses "Authorization: OAuth k="v", ..." into its (percent-decoded) parameters.</summary>
    public static Dictionary<string, string> ParseHeader(string header)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = header.StartsWith("OAuth ", StringComparison.OrdinalIgnoreCase) ? header[6..] : header;
        foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                continue;
            }

            var name = Uri.UnescapeDataString(part[..eq].Trim());
            var value = part[(eq + 1)..].Trim().Trim('"');
            result[name] = Uri.UnescapeDataString(value);
        }

        return result;
    }

    /// <summary>RFC 5849 §3.6 percent-encoding: everything but unreserved characters, uppercase hex.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>RFC 5849 §3.4.1: METHOD&amp;base-uri&amp;normalized-parameters.</summary>
    public static string BaseString(string method, Uri uri, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        var baseUri = $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath}";
        var normalized = string.Join('&', parameters
            .Where(p => p.Key is not ("oauth_signature" or "realm"))
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
        return method.ToUpperInvariant() + "&" + Encode(baseUri) + "&" + Encode(normalized);
    }

    public static bool VerifyRsaSha1(RSA publicKey, string baseString, string signatureBase64)
    {
        try
        {
            return publicKey.VerifyData(Encoding.ASCII.GetBytes(baseString), Convert.FromBase64String(signatureBase64),
                HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Reads a public key as PEM (PUBLIC KEY or RSA PUBLIC KEY) or as bare base64 SubjectPublicKeyInfo,
    /// the form Bitbucket's application-link screen takes.</summary>
    public static RSA ImportPublicKey(string text)
    {
        var rsa = RSA.Create();
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            rsa.ImportFromPem(text);
        }
        else
        {
            rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c)))), out _);
        }

        return rsa;
    }
}
