namespace GitIntegration.ApiGateway.Auth;

/// <summary>Where a session token travels: Coder's header, a bearer token, or the web UI's cookie.</summary>
public static class SessionCredentials
{
    public const string HeaderName = "Coder-Session-Token";
    public const string CookieName = "gitintegration_session";

    /// <summary>The presented token, headers first; null when there is none.</summary>
    public static string? Read(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
            return header.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        return request.Cookies.TryGetValue(CookieName, out var cookie) && !string.IsNullOrEmpty(cookie) ? cookie : null;
    }

    /// <summary>HttpOnly, SameSite=Lax; Secure when the service is reached over https.</summary>
    public static CookieOptions CookieOptions(bool secure, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = secure,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
