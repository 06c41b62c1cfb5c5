using System.Text.Json;

namespace GitIntegration.ProviderEmulator.Core.Api;

/// <summary>
/// Reads a JSON object body (or a form body, for APIs that take both) leniently: a missing or malformed body reads
/// as empty. A body that is JSON counts as JSON whatever its Content-Type says: Octokit labels its JSON bodies
/// application/x-www-form-urlencoded, and GitHub reads them as JSON.
/// </summary>
public sealed class JsonBody
{
    private readonly Dictionary<string, JsonElement> _fields;

    private JsonBody(Dictionary<string, JsonElement> fields, bool valid)
    {
        _fields = fields;
        IsValid = valid;
    }

    public bool IsValid { get; }

    public static async Task<JsonBody> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var trimmed = text.TrimStart();
        if (context.Request.HasFormContentType && !trimmed.StartsWith('{'))
        {
            var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text);
            return new JsonBody(form.ToDictionary(f => f.Key, f => JsonSerializer.SerializeToElement(f.Value.ToString())), true);
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new JsonBody([], false);
            }

            return new JsonBody(doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()), true);
        }
        catch (JsonException)
        {
            return new JsonBody([], false);
        }
    }

    public string? String(string name) =>
        _fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public int? Int(string name) =>
        _fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : null;

    public bool? Bool(string name) =>
        _fields.TryGetValue(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
