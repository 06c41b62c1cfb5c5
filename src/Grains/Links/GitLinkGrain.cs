using GitIntegration.Actors;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>
/// One user's link to one provider (key <c>{userId}/{providerId}</c>). Its turns never interleave, so callers
/// that find the token due queue behind the first one, which refreshes; the rest see the new pair. A rotated
/// pair is written to storage before anyone gets it. This file: state plumbing, status and reminders; the token
/// path, flows, SSH and unlink live in the other parts.
/// </summary>
internal sealed partial class GitLinkGrain(
    [PersistentState("link")] IPersistentState<LinkState> link,
    IProviderDirectory providers,
    TokenVault vault,
    RefreshPolicy policy,
    ScheduledRefreshBudget budget,
    SshKeySync sshKeys,
    TimeProvider time,
    IOptions<LinkOptions> options,
    ILogger<GitLinkGrain> logger) : Grain, IGitLinkGrain, IRemindable
{
    private const string RefreshReminder = "refresh";
    private const string RevalidateReminder = "revalidate";

    private readonly LinkOptions _options = options.Value;

    // Set while State holds a change that storage has not accepted yet (a write failed); the next turn writes it
    // first, so a rotated pair is never lost while this activation lives and never handed out unwritten.
    private bool _unsaved;

    private string? _userId;
    private string? _providerId;

    private LinkState State => link.State;
    private string UserId => _userId ??= GrainKeys.ParseLink(GrainKey).UserId;
    private string ProviderId => _providerId ??= GrainKeys.ParseLink(GrainKey).ProviderId;
    private DateTimeOffset Now => time.GetUtcNow();
    private IUserGrain User => GrainFactory.GetGrain<IUserGrain>(UserId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!State.IsLinked && State.PendingWebFlow is null)
            return;
        try
        {
            // Values under a retired encryption key move to the current one without waiting for other traffic.
            if (vault.HasStaleKeys(State))
                await PersistAsync(State);
        }
        catch (Exception e)
        {
            logger.LogWarning("Re-encrypting the secrets of {Link} under the current key failed: {Error}", GrainId, e.Message);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved)
        {
            try { await FlushUnsavedAsync(); }
            catch (Exception e) { logger.LogError("{Link} deactivates with an unsaved change: {Error}", GrainId, e.Message); }
        }
    }

    public async Task<LinkStatus> GetStatusAsync(bool refresh)
    {
        await FlushUnsavedAsync();
        if (refresh && State.IsLinked && !State.NeedsReauthentication && await providers.GetAdapterAsync(ProviderId) is { } adapter)
            await AcquireTokenAsync(adapter);
        return StatusNow();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await FlushUnsavedAsync();
        if (!State.IsLinked || State.NeedsReauthentication || reminderName is not (RefreshReminder or RevalidateReminder))
        {
            await UnregisterReminder(reminderName);
            return;
        }
        var adapter = await providers.GetAdapterAsync(ProviderId);
        if (adapter is null)
            return; // provider removed from the configuration; the link stays until the user unlinks
        if (reminderName == RefreshReminder)
            await OnRefreshReminderAsync(adapter);
        else
            await RevalidateAsync(adapter);
    }

    private async Task OnRefreshReminderAsync(IProviderAdapter adapter)
    {
        if (State.ExpiresAt is not { } expiresAt || !CanRefresh(adapter))
        {
            await UnregisterReminder(RefreshReminder);
            return;
        }
        var now = Now;
        var onTime = State.RefreshRetryAt is { } retryAt
            ? now >= retryAt - TimeSpan.FromSeconds(1)
            : now >= policy.ScheduledWindowStart(State.IssuedAt, expiresAt);
        if (!onTime)
        {
            await ScheduleRefreshAsync(adapter, State); // someone refreshed meanwhile: aim at the new expiry
            return;
        }
        if (!budget.TryAcquire(ProviderId))
        {
            await RegisterOrUpdateReminder(RefreshReminder, now + ScheduledRefreshBudget.DeferDelay());
            return;
        }
        await RefreshAsync(adapter);
    }

    private async Task ScheduleRefreshAsync(IProviderAdapter adapter, LinkState state)
    {
        if (state is { IsLinked: true, NeedsReauthentication: false, ExpiresAt: { } expiresAt, RefreshToken: not null }
            && adapter.SupportsRefresh && !adapter.Config.NoRefresh)
        {
            var dueAt = state.RefreshRetryAt ?? policy.ScheduledAt(state.IssuedAt, expiresAt, Random.Shared.NextDouble());
            await RegisterOrUpdateReminder(RefreshReminder, dueAt);
        }
        else
        {
            await UnregisterReminder(RefreshReminder);
        }
    }

    private Task RegisterRevalidateAsync() =>
        RegisterOrUpdateReminder(RevalidateReminder, _options.RevalidateInterval, _options.RevalidateInterval);

    private async Task UnregisterRemindersAsync()
    {
        await UnregisterReminder(RefreshReminder);
        await UnregisterReminder(RevalidateReminder);
    }

    private LinkStatus StatusNow()
    {
        var s = State;
        var expired = s.ExpiresAt is { } expiresAt && expiresAt <= Now;
        var error = s.NeedsReauthentication
            ? s.ReauthenticationReason
            : s.ValidateError ?? (s.RefreshFailures > 0 ? s.LastRefreshError : null);
        return new LinkStatus(
            ProviderId, s.IsLinked, s.Method, s.CreatedAt, s.UpdatedAt, s.RefreshToken is not null, s.ExpiresAt,
            Authenticated: s.IsLinked && !s.NeedsReauthentication && !s.TokenRejected && !expired,
            ValidateError: s.IsLinked ? error : null,
            s.NeedsReauthentication, s.ReauthenticationReason, s.Account);
    }

    private async Task<IProviderAdapter> RequireAdapterAsync() =>
        await providers.GetAdapterAsync(ProviderId) ?? throw new NotFoundException($"There is no provider '{ProviderId}'.");

    private async Task<IProviderAdapter> RequireLinkedAdapterAsync()
    {
        if (!State.IsLinked)
            throw new NotFoundException($"There is no link to '{ProviderId}'.");
        return await RequireAdapterAsync();
    }

    /// <summary>Runs one provider call under the configured time limit.</summary>
    private async Task<T> CallProviderAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        using var timeout = new CancellationTokenSource(_options.ProviderCallTimeout);
        return await call(timeout.Token);
    }

    // --- persistence ---------------------------------------------------------------------------------------

    private async Task FlushUnsavedAsync()
    {
        if (!_unsaved)
            return;
        await link.WriteStateAsync();
        _unsaved = false;
    }

    /// <summary>Stores the state (secrets under an older key re-encrypted). On a conflict the stored state is
    /// read back before the exception goes on, so State never keeps a write that lost.</summary>
    private async Task PersistAsync(LinkState next)
    {
        link.State = vault.Reencrypt(next, GrainId);
        _unsaved = true;
        try
        {
            await link.WriteStateAsync();
            _unsaved = false;
        }
        catch (InconsistentStateException)
        {
            _unsaved = false;
            await link.ReadStateAsync();
            throw;
        }
    }

    private async Task ClearAsync()
    {
        try
        {
            await link.ClearStateAsync();
            _unsaved = false;
        }
        catch (InconsistentStateException)
        {
            _unsaved = false;
            await link.ReadStateAsync();
            throw;
        }
    }

    /// <summary>Applies a change and stores it; after a conflict, applies it once more to what was stored. A state
    /// with neither a link nor a flow in progress is cleared rather than written.</summary>
    private async Task MutateAsync(Func<LinkState, LinkState> change)
    {
        try
        {
            await SaveOrClearAsync(change(State));
        }
        catch (InconsistentStateException e) when (e is not Actors.Storage.PartitionFencedException)
        {
            await SaveOrClearAsync(change(State));
        }
    }

    private async Task SaveOrClearAsync(LinkState next)
    {
        if (next.IsLinked || next.PendingWebFlow is not null || next.PendingDevice is not null)
            await PersistAsync(next);
        else if (link.RecordExists)
            await ClearAsync();
        else
            link.State = new LinkState();
    }
}
