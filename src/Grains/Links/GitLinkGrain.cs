using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Links;

/// <summary>
/// One user's link to one provider (key <c>{userId}/{providerId}</c>). Its turns never interleave, so callers that
/// find the token due queue behind the first one, which refreshes; the rest see the new pair. Across activations
/// (Orleans may briefly run two during membership changes) the refresh claim in the stored state is the fence
/// (<see cref="TokenRefresher"/>). This class routes each call to the collaborator that does the work.
/// </summary>
[GrainType("gitlink")]
internal sealed class GitLinkGrain(
    [PersistentState("link")] IPersistentState<LinkState> storage,
    LinkServices services) : Grain, IGitLinkGrain, IRemindable
{
    private LinkRecord _link = null!;
    private LinkReminders _reminders = null!;

    // The last valid answer and the stored state and adapter it was made from: any change makes a new record.
    private TokenResult? _answer;
    private LinkState? _answerFor;
    private IProviderAdapter? _answerAdapter;
    private long _answerAdapterCheckedAt;

    private LinkState State => _link.State;
    private DateTimeOffset Now => services.Time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _link = new LinkRecord(storage, this.GetGrainId(), services.Vault);
        _reminders = new LinkReminders(this, services.Time, services.OneShotReminderRepeat);
        if (State.IsEmpty || !services.Vault.HasStaleKeys(State))
            return;
        try
        {
            // Values under a retired encryption key move to the current one without waiting for other traffic.
            await _link.UpdateAsync(s => s with { }); // a copy, so it is written (re-encrypted on the way)
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            services.Logger.LogWarning("Re-encrypting the secrets of {Link} under the current key failed: {Error}", _link.GrainId, e.Message);
        }
    }

    public async Task<LinkStatus> GetStatusAsync(bool refresh)
    {
        if (refresh && State is { IsLinked: true, NeedsReauthentication: false } && await services.Providers.GetAdapterAsync(_link.ProviderId) is { } adapter)
            await services.Tokens.AcquireAsync(_link, _reminders, adapter);
        return LinkStatuses.Of(_link, Now);
    }

    public Task<TokenResult> GetTokenAsync()
    {
        // Warm path: nothing changed since the last answer and the token is not due, so the same answer stands.
        // The provider directory is asked at most once a second whether the provider is still configured.
        if (_answer is { } cached && ReferenceEquals(_answerFor, State) && !State.TokenRejected && !services.Tokens.IsDue(State))
        {
            if (Environment.TickCount64 - _answerAdapterCheckedAt < 1_000)
                return Task.FromResult(cached);
            var adapter = services.Providers.GetAdapterAsync(_link.ProviderId);
            if (adapter.IsCompletedSuccessfully && ReferenceEquals(adapter.Result, _answerAdapter))
            {
                _answerAdapterCheckedAt = Environment.TickCount64;
                return Task.FromResult(cached);
            }
        }
        return GetTokenSlowAsync();
    }

    private async Task<TokenResult> GetTokenSlowAsync()
    {
        if (!State.IsLinked)
            return TokenResult.NotLinked();
        if (State.NeedsReauthentication)
            return services.Tokens.ResultOf(_link, null, usable: false);
        var adapter = await services.Providers.GetAdapterAsync(_link.ProviderId);
        if (adapter is null)
            return new TokenResult(TokenOutcome.ReauthenticationRequired, null, null, null, null, null,
                $"The provider '{_link.ProviderId}' is no longer configured.", null);
        var result = await services.Tokens.AcquireAsync(_link, _reminders, adapter);
        if (result.Outcome == TokenOutcome.Valid)
            (_answer, _answerFor, _answerAdapter, _answerAdapterCheckedAt) = (result, State, adapter, Environment.TickCount64);
        return result;
    }

    public async Task<LinkDetails> GetDetailsAsync() => await services.Account.GetDetailsAsync(_link, _reminders, await RequireAdapterAsync());

    public async Task<WebFlowStart> BeginWebFlowAsync(BeginWebFlowRequest request) =>
        await services.Flows.BeginWebFlowAsync(_link, await RequireAdapterAsync(), request);

    public Task<WebFlowResult> CompleteWebFlowAsync(WebFlowCallback callback) =>
        services.Flows.CompleteWebFlowAsync(_link, _reminders, RequireAdapterAsync, callback);

    public async Task<DeviceStart> StartDeviceFlowAsync() => await services.Flows.StartDeviceFlowAsync(_link, await RequireAdapterAsync());

    public Task<DevicePollResult> PollDeviceFlowAsync(string deviceCode) =>
        services.Flows.PollDeviceFlowAsync(_link, _reminders, RequireAdapterAsync, deviceCode);

    public async Task<LinkStatus> SetPersonalTokenAsync(PersonalTokenRequest request) =>
        await services.Flows.SetPersonalTokenAsync(_link, _reminders, await RequireAdapterAsync(), request);

    public async Task<LinkStatus> ImportTokensAsync(ImportedTokens tokens) =>
        await services.Flows.ImportTokensAsync(_link, _reminders, await RequireAdapterAsync(), tokens);

    public async Task<LinkStatus> ValidateAsync()
    {
        if (!State.IsLinked)
            return LinkStatuses.Of(_link, Now);
        var adapter = await RequireAdapterAsync();
        if (!State.NeedsReauthentication)
            await services.Tokens.RevalidateAsync(_link, _reminders, adapter);
        return LinkStatuses.Of(_link, Now);
    }

    public async Task ReportRejectedAsync(string? rejectedPassword)
    {
        if (!State.IsLinked || State.NeedsReauthentication || State.TokenRejected)
            return;
        if (rejectedPassword is not null && !IsCurrentSecret(rejectedPassword, await services.Providers.GetAdapterAsync(_link.ProviderId)))
            return; // git rejected a token we have already replaced
        await _link.UpdateAsync(s => s.IsLinked ? s with { TokenRejected = true } : s);
    }

    public async Task<RepositoryInfo[]> ListRepositoriesAsync(string? query, int page) =>
        await services.Account.ListRepositoriesAsync(_link, _reminders, await RequireLinkedAdapterAsync(), query, page);

    public async Task<SshKeyStatus> GetSshKeyStatusAsync() => await services.SshKeys.GetStatusAsync(_link, await RequireLinkedAdapterAsync());

    public async Task<SshKeyStatus> SyncSshKeyAsync() => await services.SshKeys.SyncAsync(_link, _reminders, await RequireLinkedAdapterAsync());

    public async Task<UnlinkResult> UnlinkAsync()
    {
        if (!State.IsLinked)
            throw new NotFoundException($"There is no link to '{_link.ProviderId}'.");
        return await services.Account.UnlinkAsync(_link, _reminders, await services.Providers.GetAdapterAsync(_link.ProviderId));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!State.IsLinked || State.NeedsReauthentication || reminderName is not (LinkReminders.Refresh or LinkReminders.Revalidate))
        {
            await _reminders.CancelAsync(reminderName);
            return;
        }
        IProviderAdapter? adapter;
        try
        {
            adapter = await services.Providers.GetAdapterAsync(_link.ProviderId);
        }
        catch (ProviderCatalogUnavailableException e)
        {
            services.Logger.LogWarning("{Link} skips its {Reminder} reminder: {Reason}", _link.GrainId, reminderName, e.Message);
            return; // the reminder comes again
        }
        if (adapter is null)
            return; // provider removed from the configuration; the link stays until the user unlinks
        if (reminderName == LinkReminders.Refresh)
            await OnRefreshReminderAsync(adapter);
        else
        {
            await services.Tokens.RevalidateAsync(_link, _reminders, adapter);
            await services.Refresher.ScheduleAsync(_link, _reminders, adapter); // a crash while linking may have left none
        }
    }

    private async Task OnRefreshReminderAsync(IProviderAdapter adapter)
    {
        if (State.ExpiresAt is null || !services.Tokens.CanRefresh(State, adapter))
        {
            await _reminders.CancelAsync(LinkReminders.Refresh);
            return;
        }
        if (!services.Budget.TryAcquire(_link.ProviderId))
        {
            await _reminders.RefreshAtAsync(Now + ScheduledRefreshBudget.DeferDelay());
            return;
        }
        if (!await services.Refresher.RefreshAsync(_link, _reminders, adapter, RefreshReason.Scheduled))
            await services.Refresher.ScheduleAsync(_link, _reminders, adapter); // early, or refreshed elsewhere: aim at the new expiry
    }

    private bool IsCurrentSecret(string presented, IProviderAdapter? adapter)
    {
        var tokens = _link.Tokens;
        return presented == tokens.AccessToken || (adapter is not null && presented == adapter.GitCredentialFor(tokens, State.Account).Password);
    }

    private async Task<IProviderAdapter> RequireAdapterAsync() =>
        await services.Providers.GetAdapterAsync(_link.ProviderId) ?? throw new NotFoundException($"There is no provider '{_link.ProviderId}'.");

    private async Task<IProviderAdapter> RequireLinkedAdapterAsync()
    {
        if (!State.IsLinked)
            throw new NotFoundException($"There is no link to '{_link.ProviderId}'.");
        return await RequireAdapterAsync();
    }
}
