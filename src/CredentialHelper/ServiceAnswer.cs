using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitIntegration.CredentialHelper;

/// <summary>What one call to <c>GET /api/v2/git/credentials</c> came to.</summary>
public abstract record ServiceAnswer
{
    /// <summary>200 with a credential.</summary>
    public sealed record Credentials(CredentialResponse Credential) : ServiceAnswer;

    /// <summary>200 <c>{"url": ...}</c>: a provider matches but the user has not linked (or the link is invalid).</summary>
    public sealed record LinkRequired(string Url) : ServiceAnswer;

    /// <summary>404: no provider matches this remote.</summary>
    public sealed record NoProvider : ServiceAnswer;

    /// <summary>401/403: the session token was refused.</summary>
    public sealed record Unauthorized(int Status) : ServiceAnswer;

    /// <summary>Worth trying again: network error, timeout, 5xx, 408, 429.</summary>
    public sealed record Transient(string Reason) : ServiceAnswer;

    /// <summary>Not worth trying again: any other status, or a body the helper cannot use.</summary>
    public sealed record Failed(string Reason) : ServiceAnswer;

    /// <summary>Turns a 200 body into credentials or a link URL.</summary>
    public static ServiceAnswer FromSuccessBody(string json)
    {
        CredentialsPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<CredentialsPayload>(json);
        }
        catch (JsonException)
        {
            return new Failed("the service answered with a body that is not the expected JSON");
        }
        if (payload is null)
            return new Failed("the service answered with an empty body");

        // Some conventions put the token only in access_token; git needs it as the password.
        var password = NonEmpty(payload.Password) ?? NonEmpty(payload.AccessToken);
        if (password is not null)
        {
            var credential = new CredentialResponse(NonEmpty(payload.Username), password, ReadExpiry(payload.ExpiresAt));
            return credential.CanBeWritten
                ? new Credentials(credential)
                : new Failed("the service answered with a credential that contains a line break");
        }
        if (NonEmpty(payload.Url) is { } url)
            return IsPrintableUrl(url) ? new LinkRequired(url) : new Failed("the service answered with an unusable link URL");
        return new Failed("the service answered 200 with neither a credential nor a link URL");
    }

    /// <summary>
    /// <c>expires_at</c> as RFC 3339 text or Unix seconds; null, empty and Go's zero time
    /// (<c>0001-01-01T00:00:00Z</c>, "never") mean no expiry.
    /// </summary>
    public static DateTimeOffset? ReadExpiry(JsonElement? expiresAt)
    {
        if (expiresAt is not { } value)
            return null;
        DateTimeOffset? parsed = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var seconds) && seconds > 0 => DateTimeOffset.FromUnixTimeSeconds(seconds),
            JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var time) => time,
            _ => null,
        };
        return parsed is { Year: > 1 } ? parsed : null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool IsPrintableUrl(string url) => !url.Any(char.IsControl);

    private sealed class CredentialsPayload
    {
        [JsonPropertyName("provider_id")] public string? ProviderId { get; set; }
        [JsonPropertyName("type")] public string? Type { get; set; }
        [JsonPropertyName("username")] public string? Username { get; set; }
        [JsonPropertyName("password")] public string? Password { get; set; }
        [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
        [JsonPropertyName("expires_at")] public JsonElement? ExpiresAt { get; set; }
        [JsonPropertyName("url")] public string? Url { get; set; }
    }
}
