using System.Globalization;

namespace GitIntegration.ProviderEmulator.Core.OAuth1;

/// <summary>The outcome of checking an OAuth 1 signed request; Problem uses the oauth_problem vocabulary.</summary>
public sealed record OAuth1Check(OAuth1Consumer? Consumer, Dictionary<string, string> Parameters, string? Problem)
{
    public bool Ok => Problem is null;
    public string? Token => Parameters.GetValueOrDefault("oauth_token");
}

/// <summary>Verifies an OAuth 1.0a RSA-SHA1 signed request against the consumer's registered public key.</summary>
public static class OAuth1Verifier
{
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public static async Task<OAuth1Check> VerifyAsync(HttpContext context, ProviderInstance instance)
    {
        var request = context.Request;
        var header = request.Headers.Authorization.ToString();
        var oauth = header.StartsWith("OAuth ", StringComparison.OrdinalIgnoreCase)
            ? OAuth1Signature.ParseHeader(header)
            : request.Query.Where(q => q.Key.StartsWith("oauth_", StringComparison.Ordinal)).ToDictionary(q => q.Key, q => q.Value.ToString());

        if (!oauth.TryGetValue("oauth_consumer_key", out var consumerKey))
        {
            return new OAuth1Check(null, oauth, "parameter_absent");
        }

        var consumer = instance.OAuth1.FindConsumer(consumerKey);
        if (consumer is null)
        {
            return new OAuth1Check(null, oauth, "consumer_key_unknown");
        }

        if (oauth.GetValueOrDefault("oauth_signature_method") != "RSA-SHA1")
        {
            return new OAuth1Check(consumer, oauth, "signature_method_rejected");
        }

        if (!oauth.TryGetValue("oauth_signature", out var signature) || !oauth.TryGetValue("oauth_timestamp", out var timestamp) ||
            !oauth.TryGetValue("oauth_nonce", out var nonce))
        {
            return new OAuth1Check(consumer, oauth, "parameter_absent");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            (instance.Now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > AllowedClockSkew)
        {
            return new OAuth1Check(consumer, oauth, "timestamp_refused");
        }

        var parameters = new List<KeyValuePair<string, string>>();
        parameters.AddRange(request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            parameters.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
        }

        if (header.StartsWith("OAuth ", StringComparison.OrdinalIgnoreCase))
        {
            parameters.AddRange(oauth);
        }

        var uri = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}");
        var baseString = OAuth1Signature.BaseString(request.Method, uri, parameters);
        if (!OAuth1Signature.VerifyRsaSha1(consumer.PublicKey, baseString, signature))
        {
            return new OAuth1Check(consumer, oauth, "signature_invalid");
        }

        return instance.OAuth1.UseNonce(consumerKey, timestamp, nonce, instance.Now)
            ? new OAuth1Check(consumer, oauth, null)
            : new OAuth1Check(consumer, oauth, "nonce_used");
    }
}
