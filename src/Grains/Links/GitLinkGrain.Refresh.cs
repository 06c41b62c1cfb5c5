using GitIntegration.Actors;
using GitIntegration.Actors.Storage;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Links;

// Spending the refresh token: once, with ownership confirmed first, the new pair stored before anyone sees it;
// a permanent refusal stops the link, a transient one backs off.
internal sealed partial class GitLinkGrain
{
    private async Task RefreshAsync(IProviderAdapter adapter)
    {
        var current = Plaintext();
        var spent = current.RefreshToken!;
        // In a cluster another silo may have taken this grain over; spending the token from here would race it.
        await ConfirmOwnershipAsync();
        TokenSet refreshed;
        try
        {
            refreshed = await CallProviderAsync(ct => adapter.RefreshAsync(current, ct));
        }
        catch (ProviderTokenException e) when (e.Kind == ProviderErrorKind.Permanent)
        {
            await OnPermanentRefreshFailureAsync(spent, e);
            return;
        }
        catch (Exception e)
        {
            if (!ProviderErrors.IsTransient(e))
                logger.LogWarning("Refreshing {Link} failed unexpectedly ({ErrorType}); treating it as transient", GrainId, e.GetType().Name);
            await OnTransientRefreshFailureAsync(e);
            return;
        }
        await StoreRefreshedAsync(adapter, spent, refreshed);
    }

    private async Task StoreRefreshedAsync(IProviderAdapter adapter, string spent, TokenSet refreshed)
    {
        var now = Now;
        // A provider that does not rotate may leave the refresh token out of the answer: the old one stays good.
        if (refreshed.RefreshToken is null)
            refreshed = refreshed with { RefreshToken = spent };
        LinkState Apply(LinkState s) => vault.WithTokens(s, refreshed, GrainId, now) with
        {
            NeedsReauthentication = false,
            ReauthenticationReason = null,
            UpdatedAt = now,
            LastRefreshedAt = now,
            RefreshFailures = 0,
            RefreshRetryAt = null,
            LastRefreshError = null,
            TokenRejected = false,
            ValidateError = null,
        };
        try
        {
            await PersistAsync(Apply(State));
        }
        catch (InconsistentStateException e) when (e is not PartitionFencedException)
        {
            // Another activation wrote meanwhile; State now holds what it stored. A different refresh token there
            // means it rotated the pair itself, or the user linked again: that stands. The token we spent, or none
            // because it saw our spent token refused before our write landed (Coder's remaining window), means
            // the pair we hold is the only live one.
            var stored = StoredRefreshToken();
            var oursIsNewest = State.IsLinked && (stored == spent || (stored is null && State.NeedsReauthentication));
            if (!oursIsNewest)
            {
                logger.LogInformation("{Link} was refreshed, relinked or unlinked by another activation; using the stored state", GrainId);
                return;
            }
            var revived = State.NeedsReauthentication;
            await PersistAsync(Apply(State));
            if (revived)
                await RegisterRevalidateAsync();
        }
        logger.LogInformation("Refreshed the token of {Link}; it expires {ExpiresAt}", GrainId, State.ExpiresAt);
        await ScheduleRefreshAsync(adapter, State);
    }

    private async Task OnPermanentRefreshFailureAsync(string spent, ProviderTokenException error)
    {
        // The loser of a refresh race sees bad_refresh_token while the winner's pair is already stored (Coder #17069).
        await link.ReadStateAsync();
        if (!State.IsLinked || State.NeedsReauthentication)
            return;
        if (StoredRefreshToken() != spent)
        {
            logger.LogInformation("{Link}: the refresh token was already rotated by another activation; using the stored pair", GrainId);
            return;
        }
        await MarkReauthenticationRequiredAsync(ProviderErrors.Describe("Refreshing the token failed", error));
    }

    private async Task OnTransientRefreshFailureAsync(Exception error)
    {
        var failures = State.RefreshFailures + 1;
        var retryAt = Now + policy.Backoff(failures, ProviderErrors.RetryAfter(error));
        var text = ProviderErrors.Describe("Refreshing the token failed", error);
        await MutateAsync(s => s.IsLinked ? s with { RefreshFailures = failures, RefreshRetryAt = retryAt, LastRefreshError = text } : s);
        await RegisterOrUpdateReminder(RefreshReminder, retryAt);
        logger.LogWarning("Refreshing {Link} failed ({Failures} in a row); retrying at {RetryAt}: {Error}", GrainId, failures, retryAt, text);
    }

    /// <summary>The provider refused the link for good: drop the refresh token so nothing reaches the provider
    /// again, and stop the reminders, until the user links again.</summary>
    private async Task MarkReauthenticationRequiredAsync(string reason)
    {
        var now = Now;
        await MutateAsync(s => s.IsLinked
            ? s with
            {
                NeedsReauthentication = true,
                ReauthenticationReason = reason,
                RefreshToken = null,
                RefreshFailures = 0,
                RefreshRetryAt = null,
                UpdatedAt = now,
            }
            : s);
        await UnregisterRemindersAsync();
        logger.LogWarning("{Link} needs re-authentication: {Reason}", GrainId, reason);
    }
}
