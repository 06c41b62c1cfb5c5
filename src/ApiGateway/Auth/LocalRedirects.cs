namespace GitIntegration.ApiGateway.Auth;

/// <summary>Redirect targets taken from the request must stay on this site (no open redirects).</summary>
public static class LocalRedirects
{
    public static bool IsLocal(string? path) =>
        path is { Length: > 0 and <= 2048 } && path[0] == '/'
        && (path.Length == 1 || (path[1] != '/' && path[1] != '\\'))
        && !path.Any(char.IsControl);

    public static string? LocalOrNull(string? path) => IsLocal(path) ? path : null;
}
