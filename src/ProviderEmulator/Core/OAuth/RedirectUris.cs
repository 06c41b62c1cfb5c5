namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>Whether a requested redirect_uri is allowed for an app, by the provider's rule.</summary>
public static class RedirectUris
{
    public static bool Allowed(ProviderInstance instance, OAuthApp app, string requested)
    {
        var rule = instance.Profile.RedirectMatching;
        if (rule == RedirectMatching.GitHubOAuthApp && app.Kind == AppKind.GitHubApp)
        {
            rule = RedirectMatching.Exact; // GitHub Apps need an exact match with a registered callback URL
        }

        return app.RedirectUris.Any(registered => rule switch
        {
            RedirectMatching.Prefix => requested.StartsWith(registered, StringComparison.Ordinal),
            RedirectMatching.GitHubOAuthApp => GitHubOAuthAppAllows(registered, requested),
            _ => requested == registered,
        });
    }

    /// <summary>
    /// GitHub OAuth App rule: same scheme and host (no subdomains), same port unless loopback, and the path is the
    /// callback path or below it.
    /// </summary>
    private static bool GitHubOAuthAppAllows(string registered, string requested)
    {
        if (!Uri.TryCreate(registered, UriKind.Absolute, out var callback) || !Uri.TryCreate(requested, UriKind.Absolute, out var candidate))
        {
            return false;
        }

        if (callback.Scheme != candidate.Scheme || !string.Equals(callback.Host, candidate.Host, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (callback.Port != candidate.Port && !candidate.IsLoopback)
        {
            return false;
        }

        var basePath = callback.AbsolutePath.TrimEnd('/');
        return candidate.AbsolutePath == callback.AbsolutePath || candidate.AbsolutePath.StartsWith(basePath + "/", StringComparison.Ordinal);
    }

    /// <summary>Appends query parameters to a redirect URI that may already have a query.</summary>
    public static string WithQuery(string uri, IEnumerable<(string Name, string? Value)> parameters)
    {
        var fragment = "";
        var hash = uri.IndexOf('#');
        if (hash >= 0)
        {
            fragment = uri[hash..];
            uri = uri[..hash];
        }

        var query = string.Join('&', parameters.Where(p => p.Value is not null)
            .Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value!)));
        if (query.Length == 0)
        {
            return uri + fragment;
        }

        var separator = uri.Contains('?') ? (uri.EndsWith('?') || uri.EndsWith('&') ? "" : "&") : "?";
        return uri + separator + query + fragment;
    }
}
