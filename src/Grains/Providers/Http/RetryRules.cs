using System.Globalization;
using System.Net;
using Polly;
using Polly.Timeout;

namespace GitIntegration.Grains.Providers.Http;

/// <summary>
/// Which failed attempts the resilience handler may repeat. A safe request (GET, HEAD, OPTIONS) is repeated on
/// any transient failure. Any other request may have spent a single-use credential (a refresh token rotates, a
/// code or device code is redeemed) as soon as the provider saw it, so it is repeated only when the connection
/// could not be opened: after a 5xx, a reset, a dropped answer or a timeout the provider may have acted on it.
/// </summary>
public static class RetryRules
{
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeSpan maxRetryAfter, DateTimeOffset now)
    {
        if (request is null || !IsSafe(request.Method))
            return outcome.Exception is { } error && NeverLeft(error);
        if (outcome.Result is { } response)
            return IsTransientStatus(response.StatusCode) && !(RetryAfter(response, now) > maxRetryAfter);
        return outcome.Exception is { } exception && IsTransientException(exception);
    }

    public static bool IsSafe(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options;

    /// <summary>Name resolution or connecting failed: no byte of the request reached the provider.</summary>
    public static bool NeverLeft(Exception exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError };

    public static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>Network failures and attempt timeouts; an answer over the size limit is not transient.</summary>
    public static bool IsTransientException(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => false,
        HttpRequestException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>Retry-After as seconds or an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
            return null;
        if (retryAfter.Delta is { } delta)
            return delta;
        return retryAfter.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }

    public static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
            : outcome.Exception switch
            {
                HttpRequestException { HttpRequestError: var error } => error.ToString(),
                { } other => other.GetType().Name,
                null => "unknown",
            };
}
