using System.Globalization;
using System.Text.Json;

namespace GitIntegration.ProviderEmulator.Core.Api;

/// <summary>JSON for provider responses: property names exactly as written (providers mix snake_case and camelCase).</summary>
public static class ProviderJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = null };

    public static IResult Json(object? value, int status = StatusCodes.Status200OK, string? contentType = null) =>
        Results.Json(value, Options, contentType, status);

    public static IResult Created(HttpContext context, string location, object value)
    {
        context.Response.Headers.Location = location;
        return Json(value, StatusCodes.Status201Created);
    }

    /// <summary>ISO 8601 in UTC with a Z, as GitHub and GitLab print timestamps.</summary>
    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string IsoMillis(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
