using GitIntegration.Grains.Providers.Http;
using Octokit;
using Octokit.Internal;

namespace GitIntegration.Grains.Providers.GitHub;

/// <summary>
/// Octokit connections for one GitHub provider. The base address is the configured API base kept as given
/// (https://api.github.com/, https://host/api/v3/ for Enterprise, exactly what Octokit's own GitHubClient(header, uri)
/// builds for those hosts); Octokit derives the OAuth host from it (github.com, or the Enterprise host).
/// Every connection sends through the providers' handler from IHttpClientFactory, so the resilience, buffering and
/// (later) telemetry handlers apply to Octokit too.
/// </summary>
public sealed class GitHubConnections(ProviderConfig config, ProviderHttp http)
{
    private static readonly ProductHeaderValue Product = new("GitIntegration", "1.0");

    public Uri ApiBase { get; } = new((config.ApiBaseUrl ?? throw new ArgumentException($"{config.Id} has no API base URL.")).TrimEnd('/') + "/");

    /// <summary>An HTTP client for one operation; dispose it afterwards (the pooled handler itself is not disposed).</summary>
    public HttpClientAdapter NewHttpClient() => new GitHubHttpClient(http.Handler);

    public IConnection Connect(IHttpClient httpClient, Credentials credentials) =>
        new Connection(Product, ApiBase, new InMemoryCredentialStore(credentials), httpClient, new SimpleJsonSerializer());

    /// <summary>The user's token as Bearer (OAuth, GitHub App user and personal tokens all accept it).</summary>
    public GitHubClient User(IHttpClient httpClient, TokenSet tokens) =>
        new(Connect(httpClient, new Credentials(tokens.AccessToken, AuthenticationType.Bearer)));

    /// <summary>No credentials: the OAuth endpoints take the client's in the form.</summary>
    public GitHubClient Anonymous(IHttpClient httpClient) => new(Connect(httpClient, Credentials.Anonymous));

    /// <summary>The app's client id and secret as HTTP Basic, for /applications/{client_id}/... calls.</summary>
    public IConnection App(IHttpClient httpClient) => Connect(httpClient, new Credentials(config.ClientId, config.ClientSecret!));
}
