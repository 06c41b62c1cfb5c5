using Microsoft.Net.Http.Headers;

namespace GitIntegration.ApiGateway.Errors;

/// <summary>
/// Tells a browser opening a page (it asks for text/html) from an API caller (JSON, or */* as curl and HttpClient
/// send). Routes that browsers reach by navigation answer the former with the web UI and the latter with JSON.
/// </summary>
public static class BrowserNavigation
{
    public static bool WantsPage(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types))
            return false;
        return types.Any(type => type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && type.Quality is not 0);
    }
}
