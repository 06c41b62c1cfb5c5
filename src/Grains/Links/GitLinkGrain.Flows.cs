using GitIntegration.Actors;
using GitIntegration.Actors.Storage;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Links;

// How a link comes to be: OAuth web flow, device flow, personal token, tokens from sign-in.
internal sealed partial class GitLinkGrain
{
    private static readonly TimeSpan WebFlowLifetime = TimeSpan.FromMinutes(10);

    public async Task<WebFlowStart> BeginWebFlowAsync(BeginWebFlowRequest request)
    {
        await FlushUnsavedAsync();
        if (!Uri.TryCreate(request.CallbackUrl, UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https"))
            throw new InvalidRequestException("callbackUrl must be an absolute http(s) URL.");
        var adapter = await RequireAdapterAsync();
        var state = OAuthNonces.NewState();
        var verifier = adapter.Config.UsePkce ? OAuthNonces.NewCodeVerifier() : null;
        var start = await FlowCallAsync("Starting the authorization failed",
            ct => adapter.BeginAuthorizeAsync(new AuthorizeRequest(state, request.CallbackUrl, verifier is null ? null : OAuthNonces.S256Challenge(verifier)), ct));
        var pending = new PendingWebFlow(
            OAuthNonces.Hash(state), Now, request.CallbackUrl, OAuthNonces.LocalPathOrNull(request.ReturnTo),
            vault.Protect(verifier, GrainId, TokenVault.CodeVerifierField),
            vault.Protect(start.PendingSecret, GrainId, TokenVault.PendingSecretField));
        await MutateAsync(s => s with { PendingWebFlow = pending });
        return new WebFlowStart(start.Url);
    }

    public async Task<WebFlowResult> CompleteWebFlowAsync(WebFlowCallback callback)
    {
        await FlushUnsavedAsync();
        var pending = State.PendingWebFlow;
        if (pending is not null)
            await MutateAsync(s => s with { PendingWebFlow = null }); // single use: consumed by any attempt, good or bad
        if (pending is null || !OAuthNonces.Matches(callback.State, pending.StateHash))
            throw new OAuthFlowException("The OAuth state does not match an authorization in progress: it is wrong or was already used. Start again.");
        if (Now - pending.StartedAt > WebFlowLifetime)
            throw new OAuthFlowException("The authorization took longer than 10 minutes and expired. Start again.");
        var adapter = await RequireAdapterAsync();
        if (callback.Error is { } error)
            throw new OAuthFlowException($"{adapter.Config.DisplayName} refused the authorization: {error}" +
                                         (string.IsNullOrWhiteSpace(callback.ErrorDescription) ? "" : $" ({callback.ErrorDescription})"));
        if (!adapter.Config.UsesOAuth1 && string.IsNullOrEmpty(callback.Code))
            throw new OAuthFlowException("The callback carries no authorization code.");

        var completion = new AuthorizeCompletion(callback, pending.CallbackUrl,
            vault.Reveal(pending.CodeVerifier, GrainId, TokenVault.CodeVerifierField),
            vault.Reveal(pending.PendingSecret, GrainId, TokenVault.PendingSecretField));
        var tokens = await FlowCallAsync("Exchanging the authorization code failed", ct => adapter.CompleteAuthorizeAsync(completion, ct));
        var account = await ReadNewAccountAsync(adapter, tokens, reason => new OAuthFlowException(reason));
        var status = await StoreNewLinkAsync(adapter, tokens, account, LinkMethod.WebFlow);
        return new WebFlowResult(status, pending.ReturnTo);
    }

    public async Task<DeviceStart> StartDeviceFlowAsync()
    {
        await FlushUnsavedAsync();
        var adapter = await RequireAdapterAsync();
        if (!adapter.SupportsDeviceFlow)
            throw new ProviderFeatureException($"{adapter.Config.DisplayName} does not offer the device flow.");
        DeviceStart start;
        try
        {
            start = await CallProviderAsync(adapter.StartDeviceFlowAsync);
        }
        catch (Exception e) when (!ProviderErrors.IsTransient(e) && e is ProviderTokenException)
        {
            throw new ProviderFeatureException(ProviderErrors.Describe("Starting the device flow failed", e));
        }
        catch (Exception e) when (ProviderErrors.IsTransient(e))
        {
            throw new ProviderUnavailableException(ProviderErrors.Describe("Starting the device flow failed", e));
        }
        var pending = new PendingDeviceFlow(OAuthNonces.Hash(start.DeviceCode), Now.AddSeconds(start.ExpiresIn), Math.Max(1, start.Interval));
        await MutateAsync(s => s with { PendingDevice = pending });
        return start with { Interval = pending.Interval };
    }

    public async Task<DevicePollResult> PollDeviceFlowAsync(string deviceCode)
    {
        await FlushUnsavedAsync();
        var pending = State.PendingDevice;
        if (pending is null || !OAuthNonces.Matches(deviceCode, pending.DeviceCodeHash))
            return new DevicePollResult(false, "expired_token", "No device authorization is in progress for this code; start again.", 5);
        if (Now >= pending.ExpiresAt)
            return await EndDeviceFlowAsync("expired_token", "The device code expired; start again.", pending.Interval);
        var adapter = await RequireAdapterAsync();
        DevicePoll poll;
        try
        {
            poll = await CallProviderAsync(ct => adapter.PollDeviceFlowAsync(deviceCode, ct));
        }
        catch (ProviderTokenException e) when (e.Kind == ProviderErrorKind.Permanent)
        {
            return await EndDeviceFlowAsync(NormalizeDeviceError(e.ErrorCode ?? "access_denied"), e.Message, pending.Interval);
        }
        catch (Exception e) when (ProviderErrors.IsTransient(e))
        {
            throw new ProviderUnavailableException(ProviderErrors.Describe("Polling the device flow failed", e));
        }

        if (poll.Tokens is { } tokens)
        {
            var account = await ReadNewAccountAsync(adapter, tokens, reason => new OAuthFlowException(reason));
            await StoreNewLinkAsync(adapter, tokens, account, LinkMethod.DeviceFlow);
            return new DevicePollResult(true, null, null, pending.Interval);
        }
        switch (NormalizeDeviceError(poll.Error))
        {
            case "authorization_pending":
                return new DevicePollResult(false, "authorization_pending", poll.ErrorDescription, Math.Max(pending.Interval, poll.Interval));
            case "slow_down":
                // RFC 8628 3.5: every slow_down adds 5 seconds to the interval, for this and all later polls.
                var interval = Math.Max(poll.Interval, pending.Interval + 5);
                await MutateAsync(s => s.PendingDevice is null ? s : s with { PendingDevice = s.PendingDevice with { Interval = interval } });
                return new DevicePollResult(false, "slow_down", poll.ErrorDescription, interval);
            case var other:
                return await EndDeviceFlowAsync(other, poll.ErrorDescription, pending.Interval);
        }
    }

    public async Task<LinkStatus> SetPersonalTokenAsync(PersonalTokenRequest request)
    {
        await FlushUnsavedAsync();
        if (string.IsNullOrWhiteSpace(request.Token))
            throw new InvalidRequestException("token: a personal access token is required.");
        var adapter = await RequireAdapterAsync();
        var tokens = adapter.FromPersonalToken(request with { Token = request.Token.Trim() });
        var account = await ReadNewAccountAsync(adapter, tokens, reason => new InvalidTokenException(reason));
        return await StoreNewLinkAsync(adapter, tokens, account, LinkMethod.PersonalToken);
    }

    public async Task<LinkStatus> ImportTokensAsync(ImportedTokens imported)
    {
        await FlushUnsavedAsync();
        var adapter = await RequireAdapterAsync();
        var tokens = new TokenSet
        {
            AccessToken = imported.AccessToken,
            RefreshToken = imported.RefreshToken,
            ExpiresAt = imported.ExpiresAt,
            Scopes = imported.Scopes,
        };
        return await StoreNewLinkAsync(adapter, tokens, imported.Account, imported.Method == LinkMethod.None ? LinkMethod.SignIn : imported.Method);
    }

    /// <summary>Validates new credentials and returns their account (null when the provider has no way to tell, as
    /// with a generic provider without a validate URL); refuses them, storing nothing, when they are not valid.</summary>
    private async Task<ExternalAccount?> ReadNewAccountAsync(IProviderAdapter adapter, TokenSet tokens, Func<string, Exception> refused)
    {
        var result = await ValidateOnceAsync(adapter, tokens);
        return result.Outcome switch
        {
            ValidationOutcome.Invalid => throw refused($"{adapter.Config.DisplayName} did not accept the token" + (result.Error is null ? "." : $": {result.Error}")),
            ValidationOutcome.Unavailable => throw new ProviderUnavailableException(
                $"{adapter.Config.DisplayName} could not check the token right now; try again. {result.Error}".TrimEnd()),
            _ => result.Account,
        };
    }

    /// <summary>Stores a new (or replacing) link: user first, reminders next, then the state, then a best-effort SSH sync.</summary>
    private async Task<LinkStatus> StoreNewLinkAsync(IProviderAdapter adapter, TokenSet tokens, ExternalAccount? account, LinkMethod method)
    {
        var now = Now;
        var previous = State;
        var next = vault.WithTokens(new LinkState
        {
            Account = account,
            Method = method,
            CreatedAt = previous.IsLinked ? previous.CreatedAt : now,
            UpdatedAt = now,
            ValidatedAt = now,
            Ssh = previous.IsLinked && previous.Account?.Id == account?.Id ? previous.Ssh : null,
            PendingWebFlow = previous.PendingWebFlow,
        }, tokens, GrainId, now);

        // A user listing a provider whose link failed to store is harmless; a stored link the user does not list is not.
        await User.AddLinkAsync(ProviderId);
        // Registered before the state is written, so a crash in between leaves a reminder that finds the link.
        await RegisterRevalidateAsync();
        await ScheduleRefreshAsync(adapter, next);
        try
        {
            await PersistAsync(next);
        }
        catch (InconsistentStateException e) when (e is not PartitionFencedException)
        {
            await PersistAsync(next); // a new link replaces whatever another activation stored
        }
        logger.LogInformation("Linked {Link} to account {Login} ({Method})", GrainId, account?.Login, method);
        await TrySyncSshKeyAsync(adapter);
        return StatusNow();
    }

    private async Task<DevicePollResult> EndDeviceFlowAsync(string error, string? description, int interval)
    {
        await MutateAsync(s => s with { PendingDevice = null });
        return new DevicePollResult(false, error, description, interval);
    }

    private static string NormalizeDeviceError(string? error) => error switch
    {
        null or "" => "authorization_pending",
        "token_expired" or "bad_verification_code" => "expired_token", // GitHub's prose name; Entra's unknown code
        "authorization_declined" => "access_denied", // Entra
        _ => error,
    };

    /// <summary>A provider call of a flow: a refusal becomes <see cref="OAuthFlowException"/>, an outage
    /// <see cref="ProviderUnavailableException"/>.</summary>
    private async Task<T> FlowCallAsync<T>(string action, Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return await CallProviderAsync(call);
        }
        catch (Exception e) when (ProviderErrors.IsTransient(e))
        {
            throw new ProviderUnavailableException(ProviderErrors.Describe(action, e));
        }
        catch (ProviderTokenException e)
        {
            throw new OAuthFlowException(ProviderErrors.Describe(action, e));
        }
    }
}
