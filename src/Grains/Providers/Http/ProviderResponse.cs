using System.Globalization;
using System.Text.Json;

namespace GitIntegration.Grains.Providers.Http;

/// <summary>A provider's answer, read completely: status, headers (response and content, case-insensitive) and body.</summary>
public sealed class ProviderResponse(int status, IReadOnlyDictionary<string, string> headers, string body)
{
    /// <summary>Status, response and content headers, and the (already buffered) body of an answer.</summary>
    public static async Task<ProviderResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ProviderResponse((int)response.StatusCode, HeadersOf(response), body);
    }

    public static Dictionary<string, string> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
            headers[header.Key] = string.Join(", ", header.Value);
        return headers;
    }

    public int Status { get; } = status;
    public string Body { get; } = body;
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>5xx or 429: worth trying again later.</summary>
    public bool IsTransientFailure => Status >= 500 || Status == 429;

    public string? Header(string name) => headers.GetValueOrDefault(name);

    public string? ContentType => Header("Content-Type");

    /// <summary>The media type says JSON (application/json, or a +json type).</summary>
    public bool IsJson => ContentType is { } type && (type.Contains("/json", StringComparison.OrdinalIgnoreCase) || type.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Retry-After (seconds or HTTP date), else the wait until a rate-limit window that is used up resets.</summary>
    public TimeSpan? RetryAfter(DateTimeOffset now)
    {
        if (Header("Retry-After") is { } retryAfter)
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return at > now ? at - now : TimeSpan.Zero;
        }
        if (RateLimitExhausted && (Header("x-ratelimit-reset") ?? Header("RateLimit-Reset")) is { } reset
            && long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return at > now ? at - now : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>The provider says the caller's rate-limit window is used up (GitHub x-ratelimit-remaining, GitLab RateLimit-Remaining).</summary>
    public bool RateLimitExhausted =>
        (Header("x-ratelimit-remaining") ?? Header("RateLimit-Remaining")) is "0";

    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public JsonElement? Json()
    {
        if (string.IsNullOrWhiteSpace(Body))
            return null;
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Text for an error message: the provider's message field if it has one, shortened; never the raw body.</summary>
    public string Describe()
    {
        var json = Json();
        var message = json is { ValueKind: JsonValueKind.Object } o ? MessageOf(o) : null;
        if (message is not null)
            return $"HTTP {Status}: {Shorten(message)}";
        return json is null && !string.IsNullOrWhiteSpace(Body)
            ? $"HTTP {Status} with a {(ContentType?.Split(';')[0] ?? "untyped")} answer that is not JSON"
            : $"HTTP {Status}";
    }

    private static string? MessageOf(JsonElement json)
    {
        foreach (var name in new[] { "error_description", "message", "error", "errorMessage" })
        {
            if (!json.TryGetProperty(name, out var value))
                continue;
            if (value.ValueKind == JsonValueKind.String)
                return value.GetString();
            if (value.ValueKind == JsonValueKind.Object && MessageOf(value) is { } inner)
                return inner;
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                return value.GetRawText();
        }
        if (json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            return errors[0].ValueKind == JsonValueKind.Object ? MessageOf(errors[0]) : errors[0].ToString();
        return null;
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}
