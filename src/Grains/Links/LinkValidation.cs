using System.Diagnostics;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Telemetry;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>Asks the provider whether a link's token still works, and records the answer on the link.</summary>
internal sealed class LinkValidation(TimeProvider time, IOptions<LinkOptions> options)
{
    private static readonly TimeSpan RecentRefresh = TimeSpan.FromSeconds(10);
    private readonly TimeSpan _callTimeout = options.Value.ProviderCallTimeout;

    /// <summary>Validates <paramref name="tokens"/>. Right after a refresh the provider's replicas may not know the
    /// new token yet (Coder saw this at GitHub), so an Invalid answer then is asked again for up to a second.</summary>
    public async Task<ValidationResult> CheckAsync(LinkRecord link, IProviderAdapter adapter, TokenSet tokens)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        var giveUpAt = time.GetUtcNow() + TimeSpan.FromSeconds(1);
        while (true)
        {
            var result = await CheckOnceAsync(adapter, tokens);
            var now = time.GetUtcNow();
            var justRefreshed = link.State.LastRefreshedAt is { } refreshedAt && now - refreshedAt < RecentRefresh;
            if (result.Outcome != ValidationOutcome.Invalid || !justRefreshed || now + delay > giveUpAt)
                return result;
            await Task.Delay(delay, time);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }
    }

    /// <summary>One validation. Adapters report what the provider or the network did inside the result; the only
    /// exception turned into an outcome here is this call's own time limit. Anything else is a bug and is not
    /// dressed up as "provider unavailable".</summary>
    public async Task<ValidationResult> CheckOnceAsync(IProviderAdapter adapter, TokenSet tokens)
    {
        using var timeout = new CancellationTokenSource(_callTimeout);
        var startedAt = Stopwatch.GetTimestamp();
        ValidationResult result;
        try
        {
            result = await adapter.ValidateAsync(tokens, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = new ValidationResult(ValidationOutcome.Unavailable, null, "Validating the token failed: the provider did not answer in time");
        }
        // An answer that the token is invalid is the provider working; only no answer is a failed call.
        GitIntegrationMetrics.ProviderCallEnded(adapter.Config.Id, "validate", startedAt, success: result.Outcome != ValidationOutcome.Unavailable);
        return result;
    }

    public Task RecordAsync(LinkRecord link, ValidationResult result)
    {
        var now = time.GetUtcNow();
        return link.UpdateAsync(s =>
        {
            if (!s.IsLinked)
                return s;
            var checkedState = s with { ValidatedAt = now };
            return result.Outcome switch
            {
                ValidationOutcome.Valid or ValidationOutcome.RateLimited => checkedState with
                {
                    TokenRejected = false,
                    ValidateError = null,
                    Account = result.Account is { } account && (s.Account is null || account.Id == s.Account.Id) ? account : s.Account,
                },
                ValidationOutcome.Invalid => checkedState with { TokenRejected = true, ValidateError = result.Error ?? "The token failed to validate." },
                _ => checkedState with { ValidateError = result.Error ?? "The provider could not validate the token right now." },
            };
        });
    }
}
