using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;

namespace GitIntegration.Grains.Links;

// The token path: hand out a valid token, refresh when due, validate when git rejected it.
internal sealed partial class GitLinkGrain
{
    private static readonly TimeSpan RecentRefresh = TimeSpan.FromSeconds(10);

    private TokenSet? _tokens;
    private LinkState? _tokensFor;
    // The last valid answer, for the state and adapter it was made from: any change of state makes a new record.
    private Task<TokenResult>? _validResult;
    private LinkState? _validResultFor;
    private IProviderAdapter? _validResultAdapter;
    private long _validResultAdapterCheckedAt;

    public Task<TokenResult> GetTokenAsync()
    {
        // Warm path: nothing changed since the last answer and the token is not due, so the same answer stands.
        // The provider directory is asked at most once a second whether the provider is still configured.
        if (_validResult is { } cached && ReferenceEquals(_validResultFor, State) && !_unsaved && !State.TokenRejected && !IsDue(Now))
        {
            if (Environment.TickCount64 - _validResultAdapterCheckedAt < 1_000)
                return cached;
            var adapter = providers.GetAdapterAsync(ProviderId);
            if (adapter.IsCompletedSuccessfully && ReferenceEquals(adapter.Result, _validResultAdapter))
            {
                _validResultAdapterCheckedAt = Environment.TickCount64;
                return cached;
            }
        }
        return GetTokenSlowAsync();
    }

    private async Task<TokenResult> GetTokenSlowAsync()
    {
        await FlushUnsavedAsync();
        if (!State.IsLinked)
            return TokenResult.NotLinked();
        if (State.NeedsReauthentication)
            return ResultFromState(null, usable: false);
        var adapter = await providers.GetAdapterAsync(ProviderId);
        if (adapter is null)
            return new TokenResult(TokenOutcome.ReauthenticationRequired, null, null, null, null, null,
                $"The provider '{ProviderId}' is no longer configured.", null);
        return await AcquireTokenAsync(adapter);
    }

    public async Task ReportRejectedAsync(string? rejectedPassword)
    {
        await FlushUnsavedAsync();
        if (!State.IsLinked || State.NeedsReauthentication || State.TokenRejected)
            return;
        if (rejectedPassword is not null && !IsCurrentSecret(rejectedPassword, await providers.GetAdapterAsync(ProviderId)))
            return; // git rejected a token we have already replaced
        await MutateAsync(s => s.IsLinked ? s with { TokenRejected = true } : s);
    }

    public async Task<LinkStatus> ValidateAsync()
    {
        await FlushUnsavedAsync();
        if (!State.IsLinked)
            return StatusNow();
        var adapter = await RequireAdapterAsync();
        if (!State.NeedsReauthentication)
            await RevalidateAsync(adapter);
        return StatusNow();
    }

    private async Task RevalidateAsync(IProviderAdapter adapter)
    {
        var token = await AcquireTokenAsync(adapter);
        if (token.Outcome != TokenOutcome.Valid)
            return; // the refresh or the re-check has recorded why
        await RecordValidationAsync(await ValidateAtProviderAsync(adapter, Plaintext()));
    }

    private async Task<TokenResult> AcquireTokenAsync(IProviderAdapter adapter)
    {
        if (State.TokenRejected && !await RecheckRejectedTokenAsync(adapter))
            return ResultFromState(adapter, usable: false);
        if (IsDue(Now))
            await RefreshIfAllowedAsync(adapter);
        return ResultFromState(adapter, usable: true);
    }

    private async Task RefreshIfAllowedAsync(IProviderAdapter adapter)
    {
        var now = Now;
        if (!CanRefresh(adapter))
        {
            if (IsExpired(now))
                await MarkReauthenticationRequiredAsync(adapter.Config.NoRefresh
                    ? "The token expired and refreshing is disabled for this provider."
                    : "The token expired and there is no refresh token.");
            return;
        }
        if (State.RefreshRetryAt is { } retryAt && retryAt > now)
            return; // backing off after a transient failure; the refresh reminder retries
        await RefreshAsync(adapter);
    }

    /// <summary>git said the token does not work: ask the provider before handing it out again. False when the
    /// token must not be served.</summary>
    private async Task<bool> RecheckRejectedTokenAsync(IProviderAdapter adapter)
    {
        if (CanRefresh(adapter) && IsDue(Now))
        {
            await RefreshIfAllowedAsync(adapter);
            return !State.TokenRejected;
        }
        var check = await ValidateAtProviderAsync(adapter, Plaintext());
        await RecordValidationAsync(check);
        if (check.Outcome != ValidationOutcome.Invalid)
            return true; // valid, rate limited, or the provider is down and cannot tell: keep serving it
        if (!CanRefresh(adapter))
        {
            await MarkReauthenticationRequiredAsync($"The provider no longer accepts the token: {State.ValidateError}");
            return false;
        }
        if (State.RefreshRetryAt is { } retryAt && retryAt > Now)
            return false;
        await RefreshAsync(adapter);
        return !State.TokenRejected;
    }

    private TokenResult ResultFromState(IProviderAdapter? adapter, bool usable)
    {
        var s = State;
        if (!s.IsLinked)
            return TokenResult.NotLinked();
        if (s.NeedsReauthentication)
            return new TokenResult(TokenOutcome.ReauthenticationRequired, null, null, null, null, null,
                s.ReauthenticationReason ?? "The provider refused the link; link the account again.", null);
        var now = Now;
        if (!usable || IsExpired(now))
        {
            var wait = s.RefreshRetryAt is { } retryAt && retryAt > now ? retryAt - now : TimeSpan.FromSeconds(1);
            return new TokenResult(TokenOutcome.TemporarilyUnavailable, null, null, null, null, null,
                s.LastRefreshError ?? s.ValidateError ?? "The provider is not available right now.", wait);
        }
        if (ReferenceEquals(_validResultFor, s) && ReferenceEquals(_validResultAdapter, adapter) && _validResult is not null)
            return _validResult.Result;
        var tokens = Plaintext();
        var credential = adapter!.GitCredentialFor(tokens, s.Account);
        var result = new TokenResult(TokenOutcome.Valid, tokens.AccessToken, s.ExpiresAt, credential.Username, credential.Password,
            tokens.Extra, null, null);
        (_validResult, _validResultFor, _validResultAdapter, _validResultAdapterCheckedAt) = (Task.FromResult(result), s, adapter, Environment.TickCount64);
        return result;
    }

    // --- validation ----------------------------------------------------------------------------------------

    private async Task<ValidationResult> ValidateAtProviderAsync(IProviderAdapter adapter, TokenSet tokens)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        var giveUpAt = Now + TimeSpan.FromSeconds(1);
        while (true)
        {
            var result = await ValidateOnceAsync(adapter, tokens);
            // Right after a refresh the provider's replicas may not know the new token yet (Coder saw this at GitHub).
            var justRefreshed = State.LastRefreshedAt is { } refreshedAt && Now - refreshedAt < RecentRefresh;
            if (result.Outcome != ValidationOutcome.Invalid || !justRefreshed || Now + delay > giveUpAt)
                return result;
            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(200).Ticks));
        }
    }

    private async Task<ValidationResult> ValidateOnceAsync(IProviderAdapter adapter, TokenSet tokens)
    {
        try
        {
            return await CallProviderAsync(ct => adapter.ValidateAsync(tokens, ct));
        }
        catch (Exception e)
        {
            return new ValidationResult(ValidationOutcome.Unavailable, null, ProviderErrors.Describe("Validating the token failed", e));
        }
    }

    private async Task RecordValidationAsync(ValidationResult result)
    {
        var now = Now;
        await MutateAsync(s =>
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

    // --- helpers -------------------------------------------------------------------------------------------

    private TokenSet Plaintext()
    {
        if (!ReferenceEquals(_tokensFor, State))
        {
            _tokens = vault.ToTokenSet(State, GrainId);
            _tokensFor = State;
        }
        return _tokens ?? throw new InvalidOperationException($"{GrainId} has no token.");
    }

    private string? StoredRefreshToken() => vault.Reveal(State.RefreshToken, GrainId, TokenVault.RefreshTokenField);

    private bool IsCurrentSecret(string presented, IProviderAdapter? adapter)
    {
        var tokens = Plaintext();
        return presented == tokens.AccessToken || (adapter is not null && presented == adapter.GitCredentialFor(tokens, State.Account).Password);
    }

    private bool CanRefresh(IProviderAdapter adapter) =>
        State.RefreshToken is not null && adapter.SupportsRefresh && !adapter.Config.NoRefresh;

    private bool IsDue(DateTimeOffset now) => State.ExpiresAt is { } expiresAt && policy.DueAt(State.IssuedAt, expiresAt) <= now;

    private bool IsExpired(DateTimeOffset now) => State.ExpiresAt is { } expiresAt && expiresAt <= now;
}
