namespace GitIntegration.CredentialHelper;

/// <summary>
/// The credential description git writes to a helper's stdin (git-credential(1), "INPUT/OUTPUT FORMAT"):
/// <c>key=value</c> lines ending with a blank line or end of input.
/// </summary>
public sealed class CredentialRequest
{
    public string? Protocol { get; set; }
    public string? Host { get; set; }
    public string? Path { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? PasswordExpiryUtc { get; set; }
    public string? OAuthRefreshToken { get; set; }
    public List<string> WwwAuth { get; } = [];
    public List<string> Capabilities { get; } = [];

    /// <summary>Only http and https remotes get credentials from the service.</summary>
    public bool IsHttp =>
        string.Equals(Protocol, "https", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(Protocol, "http", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>protocol://host[/path]</c>, or null when this is not an http(s) request with a host.</summary>
    public string? RemoteUrl
    {
        get
        {
            if (!IsHttp || string.IsNullOrEmpty(Host))
                return null;
            var url = $"{Protocol!.ToLowerInvariant()}://{Host}";
            var path = Path?.TrimStart('/');
            return string.IsNullOrEmpty(path) ? url : $"{url}/{path}";
        }
    }

    public static CredentialRequest Read(TextReader reader)
    {
        var request = new CredentialRequest();
        while (ReadLine(reader) is { } line)
        {
            if (line.Length == 0)
                break;
            var equals = line.IndexOf('=');
            if (equals <= 0)
                continue; // not an attribute; git itself would complain, a helper just skips it
            request.Set(line[..equals], line[(equals + 1)..]);
        }
        return request;
    }

    public void Set(string key, string value)
    {
        switch (key)
        {
            case "protocol": Protocol = value; break;
            case "host": Host = value; break;
            case "path": Path = value; break;
            case "username": Username = value; break;
            case "password": Password = value; break;
            case "password_expiry_utc": PasswordExpiryUtc = value; break;
            case "oauth_refresh_token": OAuthRefreshToken = value; break;
            case "url": ApplyUrl(value); break;
            case "wwwauth[]": AddOrClear(WwwAuth, value); break;
            case "capability[]": AddOrClear(Capabilities, value); break;
            default: break; // unknown attributes are ignored
        }
    }

    /// <summary>
    /// Splits <c>url=</c> into its parts the way git does: the URL replaces protocol, host, path,
    /// username and password (parts it lacks are left unset); user, password and path are
    /// percent-decoded, the host is taken as written, slashes around the path are trimmed.
    /// </summary>
    public void ApplyUrl(string url)
    {
        Protocol = Host = Path = Username = Password = null;

        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
            return;
        Protocol = url[..schemeEnd];

        var rest = url[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var afterAuthority = authorityEnd < 0 ? "" : rest[authorityEnd..];

        var at = authority.IndexOf('@');
        if (at < 0)
        {
            Host = authority;
        }
        else
        {
            var userInfo = authority[..at];
            Host = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            Username = Decode(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0)
                Password = Decode(userInfo[(colon + 1)..]);
        }

        if (afterAuthority.StartsWith('/'))
        {
            var pathEnd = afterAuthority.IndexOfAny(['?', '#']);
            var path = Decode(pathEnd < 0 ? afterAuthority : afterAuthority[..pathEnd]).Trim('/');
            if (path.Length > 0)
                Path = path;
        }
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value);

    /// <summary>A <c>key[]</c> attribute appends; an empty value clears the list.</summary>
    private static void AddOrClear(List<string> list, string value)
    {
        if (value.Length == 0)
            list.Clear();
        else
            list.Add(value);
    }

    /// <summary>One line up to '\n' with a trailing '\r' removed (as git's own reader does); null at end of input.</summary>
    private static string? ReadLine(TextReader reader)
    {
        var line = new System.Text.StringBuilder();
        int c;
        while ((c = reader.Read()) >= 0 && c != '\n')
            line.Append((char)c);
        if (c < 0 && line.Length == 0)
            return null;
        if (line.Length > 0 && line[^1] == '\r')
            line.Length--;
        return line.ToString();
    }
}
