namespace GitIntegration.CredentialHelper;

/// <summary>What the helper learns from its environment.</summary>
public sealed record HelperSettings(Uri? ServiceUrl, string? Token, TimeSpan ListenTimeout, string? Problem)
{
    public const string UrlVariable = "GITINTEGRATION_URL";
    public const string TokenVariable = "GITINTEGRATION_TOKEN";
    public const string ListenTimeoutVariable = "GITINTEGRATION_LISTEN_TIMEOUT";

    public static readonly TimeSpan DefaultListenTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Reads the settings. <see cref="ServiceUrl"/> is null when the helper is not configured in this
    /// environment; <see cref="Problem"/> is set when it is configured wrongly (never contains the token).
    /// </summary>
    public static HelperSettings FromEnvironment(Func<string, string?> getVariable)
    {
        var token = getVariable(TokenVariable);
        var listenTimeout = ReadListenTimeout(getVariable(ListenTimeoutVariable));

        var rawUrl = getVariable(UrlVariable)?.Trim();
        if (string.IsNullOrEmpty(rawUrl))
            return new HelperSettings(null, token, listenTimeout, null);

        if (!Uri.TryCreate(rawUrl, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
            return new HelperSettings(null, token, listenTimeout, $"{UrlVariable} is not an http(s) URL: {rawUrl}");

        if (string.IsNullOrEmpty(token))
            return new HelperSettings(url, null, listenTimeout, $"{TokenVariable} is not set");

        return new HelperSettings(url, token, listenTimeout, null);
    }

    /// <summary>The service base URL without a trailing slash, ready to have an API path appended.</summary>
    public string BaseUrl => ServiceUrl is null ? "" : ServiceUrl.AbsoluteUri.TrimEnd('/');

    private static TimeSpan ReadListenTimeout(string? value)
    {
        if (int.TryParse(value, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        return DefaultListenTimeout;
    }
}
