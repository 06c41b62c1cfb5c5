using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>The parameters of a token, device or revocation request, plus HTTP Basic client credentials.</summary>
public sealed class OAuthParameters
{
    private readonly Dictionary<string, string> _values;

    private OAuthParameters(Dictionary<string, string> values, string? basicUser, string? basicPassword)
    {
        _values = values;
        BasicUser = basicUser;
        BasicPassword = basicPassword;
    }

    public string? BasicUser { get; }
    public string? BasicPassword { get; }
    public bool UsedBasic => BasicUser is not null;

    public string? this[string name] => _values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    /// <summary>Reads the form body; the query string and JSON bodies only where the provider accepts them.</summary>
    public static async Task<OAuthParameters> ReadAsync(HttpContext context, bool fromQuery, bool fromJson)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fromQuery)
        {
            foreach (var (key, value) in context.Request.Query)
            {
                values[key] = value.ToString();
            }
        }

        var request = context.Request;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            foreach (var (key, value) in form)
            {
                values[key] = value.ToString();
            }
        }
        else if (fromJson && request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in doc.RootElement.EnumerateObject())
                    {
                        values[property.Name] = property.Value.ValueKind == JsonValueKind.String
                            ? property.Value.GetString() ?? ""
                            : property.Value.GetRawText();
                    }
                }
            }
            catch (JsonException)
            {
                // A malformed body is treated as carrying no parameters.
            }
        }

        var (user, password) = ReadBasic(request);
        return new OAuthParameters(values, user, password);
    }

    /// <summary>HTTP Basic credentials as sent. RFC 6749 §2.3.1 wants both halves form-url-encoded, many clients
    /// do not encode; ClientAuthentication accepts either form.</summary>
    public static (string? User, string? Password) ReadBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return (null, null);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? (decoded, "") : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }
}
