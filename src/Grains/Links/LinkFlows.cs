using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>How a link comes to be: the OAuth web flow, the device flow, a personal token, tokens from sign-in.</summary>
internal sealed class LinkFlows(
    TokenVault vault,
    LinkValidation validation,
    LinkEstablishment establishment,
    TimeProvider time,
    IOptions<LinkOptions> options)
{
    private static readonly TimeSpan WebFlowLifetime = TimeSpan.FromMinutes(10);
    private readonly TimeSpan _callTimeout = options.Value.ProviderCallTimeout;

    public async Task<WebFlowStart> BeginWebFlowAsync(LinkRecord link, IProviderAdapter adapter, BeginWebFlowRequest request)
    {
        if (!Uri.TryCreate(request.CallbackUrl, UriKind.Absolute, out var callback) || callback.Scheme is not ("http" or "https"))
            throw new InvalidRequestException("callbackUrl must be an absolute http(s) URL.");
        var state = OAuthNonces.NewState();
        var verifier = adapter.Config.UsePkce ? OAuthNonces.NewCodeVerifier() : null;
        var start = await FlowCallAsync("Starting the authorization failed",
            ct => adapter.BeginAuthorizeAsync(new AuthorizeRequest(state, request.CallbackUrl, verifier is null ? null : OAuthNonces.S256Challenge(verifier)), ct));
        var pending = new PendingWebFlow(
            OAuthNonces.Hash(state), time.GetUtcNow(), request.CallbackUrl, OAuthNonces.LocalPathOrNull(request.ReturnTo),
            vault.Protect(verifier, link.GrainId, TokenVault.CodeVerifierField),
            vault.Protect(start.PendingSecret, link.GrainId, TokenVault.PendingSecretField));
        await link.UpdateAsync(s => s with { PendingWebFlow = pending });
        return new WebFlowStart(start.Url);
    }

    public async Task<WebFlowResult> CompleteWebFlowAsync(LinkRecord link, LinkReminders reminders, Func<Task<IProviderAdapter>> adapterOf, WebFlowCallback callback)
    {
        var pending = link.State.PendingWebFlow;
        if (pending is not null)
            await link.UpdateAsync(s => s with { PendingWebFlow = null }); // single use: consumed by any attempt, good or bad
        if (pending is null || !OAuthNonces.Matches(callback.State, pending.StateHash))
            throw new OAuthFlowException("The OAuth state does not match an authorization in progress: it is wrong or was already used. Start again.");
        if (time.GetUtcNow() - pending.StartedAt > WebFlowLifetime)
            throw new OAuthFlowException("The authorization took longer than 10 minutes and expired. Start again.");
        var adapter = await adapterOf();
        if (callback.Error is { } error)
            throw new OAuthFlowException($"{adapter.Config.DisplayName} refused the authorization: {error}" +
                                         (string.IsNullOrWhiteSpace(callback.ErrorDescription) ? "" : $" ({callback.ErrorDescription})"));
        if (!adapter.Config.UsesOAuth1 && string.IsNullOrEmpty(callback.Code))
            throw new OAuthFlowException("The callback carries no authorization code.");

        var completion = new AuthorizeCompletion(callback, pending.CallbackUrl,
            vault.Reveal(pending.CodeVerifier, link.GrainId, TokenVault.CodeVerifierField),
            vault.Reveal(pending.PendingSecret, link.GrainId, TokenVault.PendingSecretField));
        var tokens = await FlowCallAsync("Exchanging the authorization code failed", ct => adapter.CompleteAuthorizeAsync(completion, ct));
        var account = await ReadNewAccountAsync(adapter, tokens, reason => new OAuthFlowException(reason));
        var status = await establishment.StoreNewLinkAsync(link, reminders, adapter, tokens, account, LinkMethod.WebFlow);
        return new WebFlowResult(status, pending.ReturnTo);
    }

    public async Task<DeviceStart> StartDeviceFlowAsync(LinkRecord link, IProviderAdapter adapter)
    {
        if (!adapter.SupportsDeviceFlow)
            throw new ProviderFeatureException($"{adapter.Config.DisplayName} does not offer the device flow.");
        DeviceStart start;
        try
        {
            start = await CallAsync(adapter.StartDeviceFlowAsync);
        }
        catch (Exception e) when (ProviderErrors.IsTransient(e))
        {
            throw new ProviderUnavailableException(ProviderErrors.Describe("Starting the device flow failed", e));
        }
        catch (ProviderTokenException e)
        {
            throw new ProviderFeatureException(ProviderErrors.Describe("Starting the device flow failed", e));
        }
        var pending = new PendingDeviceFlow(OAuthNonces.Hash(start.DeviceCode), time.GetUtcNow().AddSeconds(start.ExpiresIn), Math.Max(1, start.Interval));
        await link.UpdateAsync(s => s with { PendingDevice = pending });
        return start with { Interval = pending.Interval };
    }

    public async Task<DevicePollResult> PollDeviceFlowAsync(LinkRecord link, LinkReminders reminders, Func<Task<IProviderAdapter>> adapterOf, string deviceCode)
    {
        var pending = link.State.PendingDevice;
        if (pending is null || !OAuthNonces.Matches(deviceCode, pending.DeviceCodeHash))
            return new DevicePollResult(false, "expired_token", "No device authorization is in progress for this code; start again.", 5);
        if (time.GetUtcNow() >= pending.ExpiresAt)
            return await EndDeviceFlowAsync(link, "expired_token", "The device code expired; start again.", pending.Interval);
        var adapter = await adapterOf();
        DevicePoll poll;
        try
        {
            poll = await CallAsync(ct => adapter.PollDeviceFlowAsync(deviceCode, ct));
        }
        catch (ProviderTokenException e) when (e.Kind == ProviderErrorKind.Permanent)
        {
            return await EndDeviceFlowAsync(link, NormalizeDeviceError(e.ErrorCode ?? "access_denied"), e.Message, pending.Interval);
        }
        catch (Exception e) when (ProviderErrors.IsTransient(e))
        {
            throw new ProviderUnavailableException(ProviderErrors.Describe("Polling the device flow failed", e));
        }

        if (poll.Tokens is { } tokens)
        {
            var account = await ReadNewAccountAsync(adapter, tokens, reason => new OAuthFlowException(reason));
            await establishment.StoreNewLinkAsync(link, reminders, adapter, tokens, account, LinkMethod.DeviceFlow);
            return new DevicePollResult(true, null, null, pending.Interval);
        }
        switch (NormalizeDeviceError(poll.Error))
        {
            case "authorization_pending":
                return new DevicePollResult(false, "authorization_pending", poll.ErrorDescription, Math.Max(pending.Interval, poll.Interval));
            case "slow_down":
                // RFC 8628 3.5: every slow_down adds 5 seconds to the interval, for this and all later polls.
                var interval = Math.Max(poll.Interval, pending.Interval + 5);
                await link.UpdateAsync(s => s.PendingDevice is null ? s : s with { PendingDevice = s.PendingDevice with { Interval = interval } });
                return new DevicePollResult(false, "slow_down", poll.ErrorDescription, interval);
            case var other:
                return await EndDeviceFlowAsync(link, other, poll.ErrorDescription, pending.Interval);
        }
    }

    public async Task<LinkStatus> SetPersonalTokenAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter, PersonalTokenRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Token))
            throw new InvalidRequestException("token: a personal access token is required.");
        var tokens = adapter.FromPersonalToken(request with { Token = request.Token.Trim() });
        var account = await ReadNewAccountAsync(adapter, tokens, reason => new InvalidTokenException(reason));
        return await establishment.StoreNewLinkAsync(link, reminders, adapter, tokens, account, LinkMethod.PersonalToken);
    }

    public Task<LinkStatus> ImportTokensAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter, ImportedTokens imported)
    {
        var tokens = new TokenSet
        {
            AccessToken = imported.AccessToken,
            RefreshToken = imported.RefreshToken,
            ExpiresAt = imported.ExpiresAt,
            Scopes = imported.Scopes,
        };
        var method = imported.Method == LinkMethod.None ? LinkMethod.SignIn : imported.Method;
        return establishment.StoreNewLinkAsync(link, reminders, adapter, tokens, imported.Account, method);
    }

    /// <summary>Validates new credentials and returns their account (null when the provider has no way to tell, as
    /// with a generic provider without a validate URL); refuses them, storing nothing, when they are not valid.</summary>
    private async Task<ExternalAccount?> ReadNewAccountAsync(IProviderAdapter adapter, TokenSet tokens, Func<string, Exception> refused)
    {
        var result = await validation.CheckOnceAsync(adapter, tokens);
        return result.Outcome switch
        {
            ValidationOutcome.Invalid => throw refused($"{adapter.Config.DisplayName} did not accept the token" + (result.Error is null ? "." : $": {result.Error}")),
            ValidationOutcome.Unavailable => throw new ProviderUnavailableException(
                $"{adapter.Config.DisplayName} could not check the token right now; try again. {result.Error}".TrimEnd()),
            _ => result.Account,
        };
    }

    private static async Task<DevicePollResult> EndDeviceFlowAsync(LinkRecord link, string error, string? description, int interval)
    {
        await link.UpdateAsync(s => s with { PendingDevice = null });
        return new DevicePollResult(false, error, description, interval);
    }

    private static string NormalizeDeviceError(string? error) => error switch
    {
        null or "" => "authorization_pending",
        "token_expired" or "bad_verification_code" => "expired_token", // GitHub's prose name; Entra's unknown code
        "authorization_declined" => "access_denied", // Entra
        _ => error,
    };

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        using var timeout = new CancellationTokenSource(_callTimeout);
        return await call(timeout.Token);
    }

    /// <summary>A provider call of a flow: a refusal becomes <see cref="OAuthFlowException"/>, an outage
    /// <see cref="ProviderUnavailableException"/>.</summary>
    private async Task<T> FlowCallAsync<T>(string action, Func<CancellationToken, Task<T>> call)
    {
        try
        {
            return await CallAsync(call);
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
