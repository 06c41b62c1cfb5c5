using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Providers.Http;

/// <summary>
/// The providers' HttpClient (from IHttpClientFactory, with the resilience and buffering handlers registered by
/// <see cref="ProviderHttpRegistration"/>) for hand-written calls, and its handler for clients that build their own
/// HttpClient (Octokit), so every provider call gets the same retries, timeouts and limits. Logs name the
/// operation and the failure only: URLs can carry codes and bodies carry tokens.
/// </summary>
public sealed class ProviderHttp(IHttpClientFactory clients, IHttpMessageHandlerFactory handlers, ILogger<ProviderHttp> logger, TimeProvider time)
{
    public const string ClientName = "GitIntegration.Providers";

    public TimeProvider Time { get; } = time;

    public HttpClient Client() => clients.CreateClient(ClientName);

    /// <summary>The pooled handler pipeline of the providers' client; disposing it is harmless (the factory owns it).</summary>
    public HttpMessageHandler Handler() => handlers.CreateHandler(ClientName);

    /// <summary>Sends the request <paramref name="build"/> makes and reads the whole answer.</summary>
    /// <param name="operation">For logs and messages, e.g. "github revoke"; never a URL or a value.</param>
    /// <exception cref="ProviderUnreachableException">Network failure or timeout.</exception>
    /// <exception cref="ProviderAnswerException">The answer is too large or not HTTP.</exception>
    public async Task<ProviderResponse> SendAsync(string operation, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var request = build();
        try
        {
            using var response = await Client().SendAsync(request, cancellationToken);
            return await ProviderResponse.ReadAsync(response, cancellationToken);
        }
        catch (Exception e) when (Translate(operation, e, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>The provider failure <paramref name="error"/> stands for, logged; null when it is none (a bug, or the caller's cancellation).</summary>
    public Exception? Translate(string operation, Exception error, CancellationToken cancellationToken)
    {
        if (HttpFailures.IsClientTimeout(error, cancellationToken))
            error = new TimeoutException("The HttpClient timed out.", error);
        var failure = HttpFailures.Translate(operation, error);
        if (failure is not null)
            logger.LogWarning("Provider call {Operation} failed: {Failure}", operation, failure.Message);
        return failure;
    }
}
