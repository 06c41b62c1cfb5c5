using System.Text.Json;
using GitIntegration.Grains.Providers;

namespace GitIntegration.ApiGateway.Contracts;

/// <summary>
/// token_extra as JSON. A provider with Coder's EXTRA_TOKEN_KEYS keeps each field's raw JSON (objects, numbers,
/// null), so it goes out with its JSON type; this service's own rule keeps scalar fields as text, sent as strings.
/// </summary>
public static class TokenExtraJson
{
    public static IReadOnlyDictionary<string, JsonElement>? From(ProviderConfig provider, IReadOnlyDictionary<string, string>? extra)
    {
        if (extra is not { Count: > 0 })
            return null;
        return extra.ToDictionary(e => e.Key, e => provider.ExtraTokenKeys is null ? AsString(e.Value) : Parse(e.Value), StringComparer.Ordinal);
    }

    /// <summary>A link made before the provider had EXTRA_TOKEN_KEYS holds plain text: that stays a string.</summary>
    private static JsonElement Parse(string raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return AsString(raw);
        }
    }

    private static JsonElement AsString(string text) => JsonSerializer.SerializeToElement(text);
}
