namespace GitIntegration.Grains.Providers.Http;

/// <summary>How provider calls are retried: transient failures (5xx, 429, timeouts, network) only, with
/// exponential backoff and jitter, inside a small overall budget so a caller never waits long.</summary>
public sealed class ProviderHttpOptions
{
    public const string SectionPath = "GitIntegration:ProviderHttp";

    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>One attempt that takes longer is abandoned and counts as a transient failure.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>No retry starts (and no Retry-After is waited for) past this much time since the first attempt.</summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(5);
}
