using System.Globalization;
using System.Text.Json;

namespace GitIntegration.Grains.Providers;

/// <summary>Tolerant reads of provider JSON: a missing or null field is null, numbers read as text where ids are expected.</summary>
public static class JsonFields
{
    public static string? Text(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>A nested field, e.g. Path("links", "avatar", "href").</summary>
    public static string? Path(this JsonElement element, params string[] names)
    {
        var current = element;
        for (var i = 0; i < names.Length - 1; i++)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(names[i], out current))
                return null;
        }
        return current.Text(names[^1]);
    }

    public static bool Flag(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static long? Number(this JsonElement element, string name) =>
        long.TryParse(element.Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The array itself, or the array under <paramref name="name"/> (paged answers: values, items...).</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element, string? name = null)
    {
        var array = element;
        if (name is not null && (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out array)))
            return [];
        return array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToList() : [];
    }
}
