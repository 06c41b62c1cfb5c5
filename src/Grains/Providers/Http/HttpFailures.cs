using System.Runtime.Serialization;
using System.Text.Json;
using Polly.Timeout;

namespace GitIntegration.Grains.Providers.Http;

/// <summary>
/// Turns what a provider call can throw because of the provider (network, timeout, an oversized or unreadable
/// answer) into <see cref="ProviderUnreachableException"/> or <see cref="ProviderAnswerException"/>. Anything else
/// is not the provider's doing and is left alone, so a bug surfaces as a bug.
/// </summary>
public static class HttpFailures
{
    /// <summary>The exception to throw instead of <paramref name="error"/>, or null when it is not a provider failure.</summary>
    public static Exception? Translate(string operation, Exception error) => error switch
    {
        ProviderUnreachableException or ProviderAnswerException => error,
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } =>
            new ProviderAnswerException($"{operation}: the answer is larger than this service accepts.", error),
        HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } =>
            new ProviderAnswerException($"{operation}: the answer is not valid HTTP.", error),
        HttpRequestException { HttpRequestError: var reason } =>
            new ProviderUnreachableException($"{operation}: the provider could not be reached ({reason}).", error),
        TimeoutRejectedException or TimeoutException or IOException =>
            new ProviderUnreachableException($"{operation}: the provider did not answer in time or the connection broke.", error),
        JsonException or SerializationException or FormatException or UriFormatException =>
            new ProviderAnswerException($"{operation}: the answer could not be read ({error.GetType().Name}).", error),
        _ => null,
    };

    /// <summary>An HttpClient timeout (not the caller's cancellation) surfaces as TaskCanceledException.</summary>
    public static bool IsClientTimeout(Exception error, CancellationToken cancellationToken) =>
        error is TaskCanceledException && !cancellationToken.IsCancellationRequested;
}
