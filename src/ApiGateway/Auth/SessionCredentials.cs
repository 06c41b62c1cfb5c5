namespace GitIntegration.ApiGateway.Auth;

/// <summary>
/// Where a session token travels: Coder's header, a bearer token, the web UI's cookie, or Coder's own cookie and
/// query parameter (<c>coder_session_token</c>), which Coder's clients and links use.
/// </summary>
public static class SessionCredentials
{
    public const string HeaderName = "Coder-Session-Token";
    public const string CookieName = "gitintegration_session";

    /// <summary>Coder's session cookie name, also the name of its query parameter.</summary>
    public const string CoderName = "coder_session_token";

    /// <summary>The presented token, headers first, the query parameter last (a link must not override a signed-in
    /// browser's session, as Coder orders them too); null when there is none.</summary>
    public static string? Read(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header))
            return header.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        if (request.Cookies.TryGetValue(CookieName, out var cookie) && !string.IsNullOrEmpty(cookie))
            return cookie;
        if (request.Cookies.TryGetValue(CoderName, out var coderCookie) && !string.IsNullOrEmpty(coderCookie))
            return coderCookie;
        return request.Query.TryGetValue(CoderName, out var query) && !string.IsNullOrWhiteSpace(query) ? query.ToString().Trim() : null;
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
