using System.Globalization;
using System.Text.Json;
using GitIntegration.Grains.Providers.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.Grains.Providers.OAuth;

/// <summary>
/// Reads token endpoint answers, JSON or form-encoded, into a <see cref="TokenSet"/> or a classified
/// <see cref="ProviderTokenException"/>. The error field is checked before anything else: GitHub answers
/// errors with HTTP 200.
/// </summary>
public static class TokenResponses
{
    /// <summary>Coder's list: refusals for good, after which the user must authorize again.</summary>
    private static readonly HashSet<string> PermanentCodes = new(StringComparer.Ordinal)
    {
        "bad_refresh_token", "invalid_grant", "unauthorized_client", "invalid_client", "unsupported_grant_type", "incorrect_client_credentials",
    };

    private static readonly HashSet<string> StandardFields = new(StringComparer.Ordinal)
    {
        "access_token", "token_type", "expires_in", "refresh_token", "refresh_token_expires_in", "scope", "scopes",
        "error", "error_description", "error_uri", "error_codes", "id_token",
    };

    /// <summary>Field values of a JSON object or form-encoded body (numbers as their text).</summary>
    public static Dictionary<string, string> Fields(ProviderResponse response)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (response.Json() is { ValueKind: JsonValueKind.Object } json)
        {
            foreach (var property in json.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String)
                    fields[property.Name] = property.Value.GetString()!;
                else if (property.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    fields[property.Name] = property.Value.GetRawText();
            }
        }
        else if (response.ContentType?.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
                 || (!response.IsJson && response.Body.Contains('=') && !response.Body.TrimStart().StartsWith('<') && !response.Body.TrimStart().StartsWith('{')))
        {
            foreach (var (key, value) in QueryHelpers.ParseQuery(response.Body))
                fields[key] = value.ToString();
        }
        return fields;
    }

    /// <summary>The tokens, or throws <see cref="ProviderTokenException"/> (Permanent or Transient).</summary>
    /// <param name="extraTokenKeys">Coder's EXTRA_TOKEN_KEYS (<see cref="ProviderConfig.ExtraTokenKeys"/>): when set,
    /// token_extra holds exactly these fields as raw JSON (null when absent), instead of the other scalar fields.</param>
    public static TokenSet Read(ProviderResponse response, string operation, DateTimeOffset now, IReadOnlyList<string>? extraTokenKeys = null)
    {
        var fields = Fields(response);
        ThrowIfError(response, fields, operation, now);
        if (!fields.TryGetValue("access_token", out var accessToken) || string.IsNullOrEmpty(accessToken))
            throw new ProviderTokenException($"{operation}: the answer ({response.Describe()}) has no access_token.",
                ProviderErrorKind.Transient, ProviderAnswerException.ErrorCode, response.Status);
        return new TokenSet
        {
            AccessToken = accessToken,
            RefreshToken = fields.GetValueOrDefault("refresh_token") is { Length: > 0 } refresh ? refresh : null,
            ExpiresAt = Seconds(fields, "expires_in") is { } expiresIn ? now.AddSeconds(expiresIn) : null,
            RefreshTokenExpiresAt = Seconds(fields, "refresh_token_expires_in") is { } refreshIn ? now.AddSeconds(refreshIn) : null,
            Scopes = fields.GetValueOrDefault("scope") ?? fields.GetValueOrDefault("scopes"),
            Extra = extraTokenKeys is null ? ExtraFields(fields) : JsonFields(response, fields, extraTokenKeys),
        };
    }

    /// <summary>Throws when the answer is an error: an OAuth error field (whatever the status) or a non-2xx status.</summary>
    public static void ThrowIfError(ProviderResponse response, Dictionary<string, string> fields, string operation, DateTimeOffset now)
    {
        var code = fields.GetValueOrDefault("error") is { Length: > 0 } error ? error : null;
        if (code is null && response.IsSuccess)
            return;
        var kind = Classify(response.Status, code);
        var description = fields.GetValueOrDefault("error_description");
        var text = code is null ? response.Describe() : $"{code}{(string.IsNullOrEmpty(description) ? "" : " (" + Shorten(description) + ")")}, HTTP {response.Status}";
        throw new ProviderTokenException($"{operation} failed: {text}.", kind, code, response.Status,
            response.IsTransientFailure ? response.RetryAfter(now) : null);
    }

    /// <summary>Coder's isFailedRefresh: the permanent codes, or 400/401/2xx carrying an error, are permanent;
    /// 5xx, 429 and anything else (403 included) are transient.</summary>
    public static ProviderErrorKind Classify(int status, string? code)
    {
        if (status >= 500 || status == 429)
            return ProviderErrorKind.Transient;
        if (code is not null && PermanentCodes.Contains(code))
            return ProviderErrorKind.Permanent;
        if (code is "temporarily_unavailable" or "server_error")
            return ProviderErrorKind.Transient;
        return status is 400 or 401 || (status is >= 200 and < 300 && code is not null)
            ? ProviderErrorKind.Permanent
            : ProviderErrorKind.Transient;
    }

    /// <summary>Seconds from a field; 0, negative or absent means none (a token that does not expire).</summary>
    public static int? Seconds(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? (int)value
            : null;

    /// <summary>Other scalar fields worth handing on (Coder's token_extra); anything that looks like a credential is left out.</summary>
    private static IReadOnlyDictionary<string, string>? ExtraFields(Dictionary<string, string> fields)
    {
        var extra = fields
            .Where(f => !StandardFields.Contains(f.Key) && !f.Key.Contains("token", StringComparison.OrdinalIgnoreCase)
                        && !f.Key.Contains("secret", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        return extra.Count == 0 ? null : extra;
    }

    /// <summary>Coder's GenerateTokenExtra: every listed key, with its JSON type kept (objects such as Slack's
    /// authed_user included); a form-encoded answer's values are JSON strings.</summary>
    private static IReadOnlyDictionary<string, string>? JsonFields(ProviderResponse response, Dictionary<string, string> fields, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
            return null;
        var json = response.Json() is { ValueKind: JsonValueKind.Object } body ? body : (JsonElement?)null;
        return keys.Distinct(StringComparer.Ordinal).ToDictionary(key => key, key =>
            json is { } o && o.TryGetProperty(key, out var value) ? value.GetRawText()
            : json is null && fields.TryGetValue(key, out var text) ? JsonSerializer.Serialize(text)
            : "null", StringComparer.Ordinal);
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}
