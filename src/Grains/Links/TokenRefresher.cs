using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>Why a refresh is attempted; each asks whether it is still wanted against the stored state.</summary>
internal enum RefreshReason
{
    /// <summary>A caller found the token within its refresh margin.</summary>
    Due,
    /// <summary>The refresh reminder fired (a little ahead of the margin, by design).</summary>
    Scheduled,
    /// <summary>git or a validation found the token rejected.</summary>
    Rejected,
}

/// <summary>
/// Spends a link's refresh token at most once, even with two activations of the link in different silos (Orleans
/// allows that briefly while membership changes); storage's ETag is the only fence that holds across them.
/// <list type="number">
/// <item>Claim: write a <see cref="RefreshClaim"/> with the ETag read. Losing that write means someone else moved
/// the link: look again instead of spending.</item>
/// <item>Spend: one attempt, with a hard deadline well inside the claim; the HTTP layer never re-sends it once it
/// may have reached the provider.</item>
/// <item>Commit: the new pair and the cleared claim in one ETag-checked write, before anyone sees the token.</item>
/// <item>Outcome unknown: the claim stays until its deadline (the still-valid token is served meanwhile); after it,
/// one attempt may present the token once more, and a refusal then means re-authentication. A silo killed while
/// spending leaves such a claim too. The providers that rotate (GitHub, GitLab) kill the old access token together
/// with the refresh token, so while the old token should still be alive, its refusal shows that the attempt rotated
/// the pair and the new one is lost: whoever finds an open claim asks once and writes the answer on the claim, and
/// whoever takes the claim over asks again if nobody did; a rotated claim ends in re-authentication without a
/// second presentation.</item>
/// </list>
/// </summary>
internal sealed class TokenRefresher(
    TokenVault vault,
    RefreshPolicy policy,
    LinkValidation validation,
    TimeProvider time,
    IOptions<LinkOptions> options,
    ILogger<TokenRefresher> logger)
{
    private const int MaxCommitAttempts = 5;
    // The old access token must have this much life left for a refusal to say more than "it expired".
    private static readonly TimeSpan LostRotationCheckSlack = TimeSpan.FromSeconds(1);
    private readonly LinkOptions _options = options.Value;

    /// <summary>Refreshes unless the refresh is no longer wanted for <paramref name="reason"/> (someone refreshed
    /// meanwhile), is claimed by an attempt still within its deadline, or this activation loses the claim.
    /// False when it did nothing.</summary>
    public async Task<bool> RefreshAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter, RefreshReason reason)
    {
        if (link.State.Claim is { } open && IsClaimed(link.State))
        {
            await WatchOpenClaimAsync(link, adapter, open);
            return false;
        }
        if (await ClaimAsync(link, reason) is not var (claim, takenOver))
            return false;
        if (takenOver is not null)
        {
            var rotated = takenOver.ProviderRotated ? true : await ProviderRotatedAsync(link, adapter);
            if (rotated == true)
            {
                await MarkReauthenticationRequiredAsync(link, reminders,
                    "A refresh was cut off after the provider had already replaced the tokens, so the new ones were lost; link the account again.",
                    claim.SpentTokenHash);
                return true;
            }
            logger.LogInformation("{Link}: presenting the refresh token once more ({Why})", link.GrainId,
                rotated == false ? "the provider still accepts the old access token" : "nothing tells whether the provider rotated");
        }
        var current = link.Tokens;
        TokenSet refreshed;
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            using var deadline = new CancellationTokenSource(_options.ProviderCallTimeout);
            refreshed = await adapter.RefreshAsync(current, deadline.Token);
        }
        catch (Exception e)
        {
            GitIntegrationMetrics.ProviderCallEnded(adapter.Config.Id, "refresh", startedAt, success: false);
            await OnSpendFailedAsync(link, reminders, adapter, claim, e);
            return true;
        }
        GitIntegrationMetrics.ProviderCallEnded(adapter.Config.Id, "refresh", startedAt, success: true);
        GitIntegrationMetrics.RefreshSpent(adapter.Config.Id, "success");
        await CommitAsync(link, reminders, adapter, claim, current.RefreshToken!, refreshed);
        return true;
    }

    /// <summary>True while a claim within its deadline stands: someone is spending (or spent) the token.</summary>
    public bool IsClaimed(LinkState state) => state.Claim is { } claim && claim.Deadline > time.GetUtcNow();

    /// <summary>The provider refused the link for good: drop the refresh token so nothing reaches the provider again,
    /// and stop the reminders, until the user links again. Only if storage still holds the refresh token
    /// <paramref name="spentTokenHash"/> names (null: whatever it holds).</summary>
    public async Task MarkReauthenticationRequiredAsync(LinkRecord link, LinkReminders reminders, string reason, string? spentTokenHash = null)
    {
        var now = time.GetUtcNow();
        await link.UpdateAsync(s => s.IsLinked && !s.NeedsReauthentication && (spentTokenHash is null || HashOfRefreshToken(link, s) == spentTokenHash)
            ? s with
            {
                NeedsReauthentication = true,
                ReauthenticationReason = reason,
                RefreshToken = null,
                Claim = null,
                RefreshFailures = 0,
                RefreshRetryAt = null,
                UpdatedAt = now,
            }
            : s);
        if (!link.State.NeedsReauthentication)
            return;
        await reminders.CancelAllAsync();
        GitIntegrationMetrics.ReauthenticationNeeded(link.ProviderId);
        logger.LogWarning("{Link} needs re-authentication: {Reason}", link.GrainId, reason);
    }

    /// <summary>Registers the refresh reminder for the stored state: ahead of expiry, or at the retry time.</summary>
    public async Task ScheduleAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        var s = link.State;
        if (s is { IsLinked: true, NeedsReauthentication: false, ExpiresAt: { } expiresAt, RefreshToken: not null }
            && adapter.SupportsRefresh && !adapter.Config.NoRefresh)
        {
            var dueAt = s.Claim is { } claim ? claim.Deadline
                : s.RefreshRetryAt ?? policy.ScheduledAt(s.IssuedAt, expiresAt, Random.Shared.NextDouble());
            await reminders.RefreshAtAsync(dueAt);
        }
        else
        {
            await reminders.CancelAsync(LinkReminders.Refresh);
        }
    }

    /// <summary>The new claim, and the claim it replaced if one ran out without an outcome.</summary>
    private async Task<(RefreshClaim Claim, RefreshClaim? TakenOver)?> ClaimAsync(LinkRecord link, RefreshReason reason)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var s = link.State;
            var now = time.GetUtcNow();
            if (!s.IsLinked || s.NeedsReauthentication || s.RefreshToken is null || IsClaimed(s))
                return null;
            if (!IsWanted(s, reason, now))
                return null; // refreshed by another activation since this one looked
            if (s.Claim is { } expired)
                logger.LogInformation("{Link}: the last refresh ended without an outcome ({Why}); taking it over", link.GrainId,
                    expired.OutcomeUnknown ? "no answer from the provider" : "it never finished; its silo may have stopped");
            var claim = new RefreshClaim(Guid.NewGuid().ToString("N"), HashOfRefreshToken(link, s)!, now + _options.RefreshClaimLifetime);
            if (await link.TryStoreAsync(s with { Claim = claim }))
                return (claim, s.Claim);
        }
        return null;
    }

    /// <summary>An attempt is under way, or ended without an outcome: once per claim and activation, ask whether the
    /// provider rotated already, and note it on the claim while the old token can still tell. The claim's deadline
    /// may come after the old token's expiry, when nobody could tell any more.</summary>
    private async Task WatchOpenClaimAsync(LinkRecord link, IProviderAdapter adapter, RefreshClaim open)
    {
        if (open.ProviderRotated || link.WatchedClaimId == open.Id)
            return;
        link.WatchedClaimId = open.Id;
        if (await ProviderRotatedAsync(link, adapter) != true)
            return;
        logger.LogInformation("{Link}: the provider refuses the old access token, so the refresh under way rotated the tokens; its outcome is awaited until {Deadline}",
            link.GrainId, open.Deadline);
        await link.UpdateAsync(s => s.Claim is { } claim && claim.Id == open.Id ? s with { Claim = claim with { ProviderRotated = true } } : s);
    }

    /// <summary>Whether the provider rotated the pair, as the old access token tells while it should still be alive:
    /// true when the provider refuses it, false when it accepts it, null when nothing tells (it has expired or
    /// nearly, it was rejected before, or the provider does not answer).</summary>
    private async Task<bool?> ProviderRotatedAsync(LinkRecord link, IProviderAdapter adapter)
    {
        if (link.State.TokenRejected || link.State.ExpiresAt is not { } expiresAt || expiresAt - time.GetUtcNow() < LostRotationCheckSlack)
            return null;
        return (await validation.CheckOnceAsync(adapter, link.Tokens)).Outcome switch
        {
            ValidationOutcome.Invalid => true,
            ValidationOutcome.Valid or ValidationOutcome.RateLimited => false,
            _ => null,
        };
    }

    // A claim that ran out is taken over: its attempt may or may not have reached the provider.
    private bool IsWanted(LinkState s, RefreshReason reason, DateTimeOffset now) => s.Claim is not null || reason switch
    {
        RefreshReason.Rejected => true,
        RefreshReason.Scheduled => s.ExpiresAt is { } expiresAt && now >= policy.ScheduledWindowStart(s.IssuedAt, expiresAt),
        _ => s.ExpiresAt is { } expiresAt && now >= policy.DueAt(s.IssuedAt, expiresAt),
    };

    private async Task CommitAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter, RefreshClaim claim, string spent, TokenSet refreshed)
    {
        var now = time.GetUtcNow();
        // A provider that does not rotate may leave the refresh token out of the answer: the old one stays good.
        if (refreshed.RefreshToken is null)
            refreshed = refreshed with { RefreshToken = spent };
        LinkState Apply(LinkState s) => vault.WithTokens(s, refreshed, link.GrainId, now) with
        {
            Claim = null,
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

        var revived = false;
        for (var attempt = 1; ; attempt++)
        {
            var s = link.State;
            // Ours is the live pair while storage holds the token we spent (whatever claim it carries now), or no
            // refresh token because someone saw that token refused after our claim ran out (Coder #17069).
            var ours = s.IsLinked && (HashOfRefreshToken(link, s) == claim.SpentTokenHash || (s.RefreshToken is null && s.NeedsReauthentication));
            if (!ours)
            {
                logger.LogInformation("{Link} was refreshed, relinked or unlinked by another activation; using the stored state", link.GrainId);
                return;
            }
            revived = s.NeedsReauthentication;
            try
            {
                if (await link.TryStoreAsync(Apply(s)))
                    break;
            }
            catch (Exception e) when (attempt < MaxCommitAttempts)
            {
                // The provider has rotated: this pair is the only live one, so storage gets every chance to take it.
                logger.LogWarning("Storing the refreshed token of {Link} failed ({Failure}); trying again", link.GrainId, e.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
                await link.ReloadAsync();
            }
        }
        if (revived)
            await reminders.RevalidateEveryAsync(_options.RevalidateInterval);
        logger.LogDebug("Refreshed the token of {Link}; it expires {ExpiresAt}", link.GrainId, link.State.ExpiresAt); // routine, once per token lifetime; failures are warnings
        await ScheduleAsync(link, reminders, adapter);
    }

    private async Task OnSpendFailedAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter, RefreshClaim claim, Exception error)
    {
        var kind = SpendFailures.Classify(error);
        var text = ProviderErrors.Describe("Refreshing the token failed", error);
        GitIntegrationMetrics.RefreshSpent(adapter.Config.Id, kind is SpendFailure.NotSent or SpendFailure.Unknown ? "transient_failure" : "permanent_failure");
        switch (kind)
        {
            case SpendFailure.Refused:
                // The loser of a refresh race sees bad_refresh_token while the winner's pair is already stored.
                await link.ReloadAsync();
                if (HashOfRefreshToken(link, link.State) != claim.SpentTokenHash)
                {
                    logger.LogInformation("{Link}: the refresh token was already rotated by another activation; using the stored pair", link.GrainId);
                    return;
                }
                await MarkReauthenticationRequiredAsync(link, reminders, text, claim.SpentTokenHash);
                return;
            case SpendFailure.NotSent:
                await RecordFailureAsync(link, claim, text, keepClaim: false, ProviderErrors.RetryAfter(error));
                break;
            case SpendFailure.Unknown:
                await RecordFailureAsync(link, claim, text, keepClaim: true, retryAfter: null);
                break;
            default:
                // A bug, not the provider: the token may or may not have been spent, and trying again would only repeat it.
                logger.LogError(error, "Refreshing {Link} failed with an internal error", link.GrainId);
                await MarkReauthenticationRequiredAsync(link, reminders,
                    "Refreshing the token failed with an internal error; link the account again.", claim.SpentTokenHash);
                return;
        }
        await ScheduleAsync(link, reminders, adapter);
        logger.LogWarning("Refreshing {Link} failed ({Kind}, {Failures} in a row); next attempt at {RetryAt}: {Error}",
            link.GrainId, kind, link.State.RefreshFailures, link.State.Claim?.Deadline ?? link.State.RefreshRetryAt, text);
    }

    /// <summary>Records a failed attempt. An unknown outcome keeps the claim (marked so) until its deadline: the
    /// provider may have rotated, so nobody presents the token again before then.</summary>
    private Task RecordFailureAsync(LinkRecord link, RefreshClaim claim, string text, bool keepClaim, TimeSpan? retryAfter)
    {
        var now = time.GetUtcNow();
        return link.UpdateAsync(s =>
        {
            if (!s.IsLinked || s.Claim?.Id != claim.Id)
                return s; // someone else has taken over since
            var failures = s.RefreshFailures + 1;
            return s with
            {
                Claim = keepClaim ? claim with { OutcomeUnknown = true } : null,
                RefreshFailures = failures,
                RefreshRetryAt = keepClaim ? claim.Deadline : now + policy.Backoff(failures, retryAfter),
                LastRefreshError = text,
            };
        });
    }

    private string? HashOfRefreshToken(LinkRecord link, LinkState state) =>
        vault.Reveal(state.RefreshToken, link.GrainId, TokenVault.RefreshTokenField) is { } token
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))
            : null;
}
