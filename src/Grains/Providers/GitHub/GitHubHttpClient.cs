using GitIntegration.Grains.Providers.Http;
using Octokit;
using Octokit.Internal;

namespace GitIntegration.Grains.Providers.GitHub;

/// <summary>
/// Octokit's HTTP client over the providers' handler, refusing a successful answer that is not application/json.
/// Octokit deserializes only that media type and otherwise hands back null, or an empty list when it pages, so an
/// HTML page from a proxy would read as "no SSH keys" instead of an error.
/// </summary>
public sealed class GitHubHttpClient(Func<HttpMessageHandler> handler) : HttpClientAdapter(handler)
{
    protected override async Task<IResponse> BuildResponse(HttpResponseMessage responseMessage, Func<object, object> preprocessResponseBody)
    {
        var response = await base.BuildResponse(responseMessage, preprocessResponseBody);
        if ((int)response.StatusCode is >= 200 and < 300 && response.Body is string { Length: > 0 } body && !string.IsNullOrWhiteSpace(body)
            && !string.Equals(response.ContentType, "application/json", StringComparison.OrdinalIgnoreCase))
            throw new ProviderAnswerException(
                $"GitHub answered HTTP {(int)response.StatusCode} with a {response.ContentType ?? "untyped"} answer that is not JSON.");
        return response;
    }
}
