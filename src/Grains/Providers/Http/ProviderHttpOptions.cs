namespace GitIntegration.Grains.Providers.Http;

/// <summary>
/// How provider calls are retried (by the resilience handler of the providers' HttpClient): safe requests (GET,
/// HEAD, OPTIONS) on 5xx, 408, 429, network errors and attempt timeouts, with exponential backoff and jitter or the
/// provider's Retry-After; every other request (a refresh, a code exchange, a device poll spend single-use
/// credentials) only when its connection could not even be opened.
/// </summary>
public sealed class ProviderHttpOptions
{
    public const string SectionPath = "GitIntegration:ProviderHttp";

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>One attempt (answer included) that takes longer is abandoned.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A Retry-After longer than this is not waited for: the answer goes back to the caller, which schedules.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A larger answer is refused (a provider never sends this much for the calls made here).</summary>
    public long MaxResponseBytes { get; set; } = 4 * 1024 * 1024;
}
