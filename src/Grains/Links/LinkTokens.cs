using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>
/// The token path of a link: hand out a valid token, refreshing it when due (through <see cref="TokenRefresher"/>),
/// wait for a refresh another activation has claimed, and validate again when git reported the token rejected.
/// </summary>
internal sealed class LinkTokens(TokenRefresher refresher, LinkValidation validation, RefreshPolicy policy, TimeProvider time, IOptions<LinkOptions> options)
{
    private static readonly TimeSpan FirstClaimPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastClaimPoll = TimeSpan.FromMilliseconds(500);
    private readonly LinkOptions _options = options.Value;

    public async Task<TokenResult> AcquireAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        if (link.State.TokenRejected && !await RecheckRejectedAsync(link, reminders, adapter))
            return ResultOf(link, adapter, usable: false);
        if (IsDue(link.State) && refresher.IsClaimed(link.State))
            await link.ReloadAsync(); // the claim may have been resolved (new pair, or refused) by whoever holds it
        if (IsDue(link.State))
            await RefreshIfAllowedAsync(link, reminders, adapter);
        if (IsExpired(link.State) && refresher.IsClaimed(link.State) && !link.State.Claim!.OutcomeUnknown)
            await WaitForClaimAsync(link);
        return ResultOf(link, adapter, usable: true);
    }

    /// <summary>Validates at the provider (refreshing first when due) and records the outcome.</summary>
    public async Task RevalidateAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        var token = await AcquireAsync(link, reminders, adapter);
        if (token.Outcome != TokenOutcome.Valid)
            return; // the refresh or the re-check has recorded why
        await validation.RecordAsync(link, await validation.CheckAsync(link, adapter, link.Tokens));
    }

    public bool CanRefresh(LinkState state, IProviderAdapter adapter) =>
        state.RefreshToken is not null && adapter.SupportsRefresh && !adapter.Config.NoRefresh;

    public bool IsDue(LinkState state) => state.ExpiresAt is { } expiresAt && policy.DueAt(state.IssuedAt, expiresAt) <= time.GetUtcNow();

    public bool IsExpired(LinkState state) => state.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow();

    /// <summary>What a caller gets for the stored state: the token with the provider's git username convention,
    /// or why there is none.</summary>
    public TokenResult ResultOf(LinkRecord link, IProviderAdapter? adapter, bool usable)
    {
        var s = link.State;
        if (!s.IsLinked)
            return TokenResult.NotLinked();
        if (s.NeedsReauthentication)
            return new TokenResult(TokenOutcome.ReauthenticationRequired, null, null, null, null, null,
                s.ReauthenticationReason ?? "The provider refused the link; link the account again.", null);
        var now = time.GetUtcNow();
        if (!usable || IsExpired(s) || adapter is null)
        {
            var retryAt = s.Claim?.Deadline ?? s.RefreshRetryAt;
            var wait = retryAt is { } at && at > now ? at - now : TimeSpan.FromSeconds(1);
            return new TokenResult(TokenOutcome.TemporarilyUnavailable, null, null, null, null, null,
                s.LastRefreshError ?? s.ValidateError ?? "The provider is not available right now.", wait);
        }
        var tokens = link.Tokens;
        var credential = adapter.GitCredentialFor(tokens, s.Account);
        return new TokenResult(TokenOutcome.Valid, tokens.AccessToken, s.ExpiresAt, credential.Username, credential.Password,
            tokens.Extra is null ? null : new Dictionary<string, string>(tokens.Extra), null, null);
    }

    private async Task RefreshIfAllowedAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        var s = link.State;
        if (!CanRefresh(s, adapter))
        {
            if (IsExpired(s))
                await refresher.MarkReauthenticationRequiredAsync(link, reminders, adapter.Config.NoRefresh
                    ? "The token expired and refreshing is disabled for this provider."
                    : "The token expired and there is no refresh token.");
            return;
        }
        if (s.RefreshRetryAt is { } retryAt && retryAt > time.GetUtcNow() && s.Claim is null)
            return; // backing off after a transient failure; the refresh reminder retries
        await refresher.RefreshAsync(link, reminders, adapter, RefreshReason.Due);
    }

    /// <summary>Another activation is spending the refresh token: wait for its new pair rather than fail, reading
    /// storage until the claim is gone or the wait limit is reached.</summary>
    private async Task WaitForClaimAsync(LinkRecord link)
    {
        var giveUpAt = time.GetUtcNow() + _options.ClaimWaitLimit;
        var delay = FirstClaimPoll;
        while (refresher.IsClaimed(link.State) && !link.State.Claim!.OutcomeUnknown && time.GetUtcNow() < giveUpAt)
        {
            await Task.Delay(delay, time);
            delay = delay * 2 < LastClaimPoll ? delay * 2 : LastClaimPoll;
            await link.ReloadAsync();
        }
    }

    /// <summary>git said the token does not work: ask the provider before handing it out again. False when the
    /// token must not be served.</summary>
    private async Task<bool> RecheckRejectedAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        if (CanRefresh(link.State, adapter) && IsDue(link.State))
        {
            await RefreshIfAllowedAsync(link, reminders, adapter);
            return !link.State.TokenRejected;
        }
        var check = await validation.CheckAsync(link, adapter, link.Tokens);
        await validation.RecordAsync(link, check);
        if (check.Outcome != ValidationOutcome.Invalid)
            return true; // valid, rate limited, or the provider is down and cannot tell: keep serving it
        if (!CanRefresh(link.State, adapter))
        {
            await refresher.MarkReauthenticationRequiredAsync(link, reminders, $"The provider no longer accepts the token: {link.State.ValidateError}");
            return false;
        }
        if (link.State.RefreshRetryAt is { } retryAt && retryAt > time.GetUtcNow())
            return false;
        await refresher.RefreshAsync(link, reminders, adapter, RefreshReason.Rejected);
        return !link.State.TokenRejected;
    }
}
