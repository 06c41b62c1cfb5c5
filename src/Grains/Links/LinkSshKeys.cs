using System.Diagnostics;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Ssh;
using GitIntegration.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>The user's SSH key on the provider account of a link: sync, status, and the manual case.</summary>
internal sealed class LinkSshKeys(
    SshKeySync sync,
    LinkTokens tokens,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<LinkOptions> options,
    ILogger<LinkSshKeys> logger)
{
    private readonly TimeSpan _syncTimeout = options.Value.ProviderCallTimeout * 3;

    public async Task<SshKeyStatus> SyncAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        if (!adapter.SupportsSshKeys)
            return await ManualStatusAsync(link);
        await SyncCoreAsync(link, reminders, adapter);
        return StatusOf(link);
    }

    public async Task<SshKeyStatus> GetStatusAsync(LinkRecord link, IProviderAdapter adapter) =>
        adapter.SupportsSshKeys ? StatusOf(link) : await ManualStatusAsync(link);

    /// <summary>After linking: a failed sync is recorded but never fails the link.</summary>
    public async Task TrySyncAfterLinkingAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        if (!adapter.SupportsSshKeys)
            return;
        try
        {
            await SyncCoreAsync(link, reminders, adapter);
        }
        catch (Exception e) when (e is ProviderApiException or ProviderTokenException || ProviderErrors.IsTransient(e))
        {
            logger.LogWarning("Syncing the SSH key of {Link} after linking failed: {Error}", link.GrainId, e.Message);
        }
        catch (Exception e)
        {
            // The link is stored; a bug in the sync is reported as one but must not undo the link.
            logger.LogError(e, "Syncing the SSH key of {Link} after linking failed unexpectedly", link.GrainId);
        }
    }

    private async Task SyncCoreAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        var userKey = await grains.GetGrain<IUserGrain>(link.UserId).GetSshKeyAsync();
        var key = SshPublicKey.Parse(userKey.PublicKey);
        var token = await tokens.AcquireAsync(link, reminders, adapter);
        var previous = link.State.Ssh;
        SshKeySyncState next;
        if (token.Outcome != TokenOutcome.Valid)
        {
            next = new SshKeySyncState(false, previous?.KeyId, previous?.Fingerprint, previous?.SyncedAt,
                $"The SSH key cannot be synced without a working token: {token.Error}");
        }
        else if (link.State.Account is not { } account)
        {
            next = new SshKeySyncState(false, previous?.KeyId, previous?.Fingerprint, previous?.SyncedAt,
                "The SSH key cannot be synced: the provider did not tell which account the link belongs to.");
        }
        else
        {
            using var timeout = new CancellationTokenSource(_syncTimeout);
            var startedAt = Stopwatch.GetTimestamp();
            next = await sync.SyncAsync(adapter, link.Tokens, account, key, previous, time.GetUtcNow(), timeout.Token);
            GitIntegrationMetrics.ProviderCallEnded(adapter.Config.Id, "ssh_key_sync", startedAt, success: next.Synced);
        }
        GitIntegrationMetrics.SshKeySynced(adapter.Config.Id, next.Synced);
        await link.UpdateAsync(s => s.IsLinked ? s with { Ssh = next } : s);
        if (next.Error is not null)
            logger.LogWarning("SSH key sync of {Link}: {Error}", link.GrainId, next.Error);
    }

    private static SshKeyStatus StatusOf(LinkRecord link)
    {
        var ssh = link.State.Ssh;
        return new SshKeyStatus(ssh?.Synced ?? false, ssh?.KeyId, ssh?.Fingerprint, ssh?.SyncedAt, ssh?.Error, Manual: false, PublicKey: null);
    }

    /// <summary>Providers without an SSH-key API (Azure DevOps): the user pastes the key by hand.</summary>
    private async Task<SshKeyStatus> ManualStatusAsync(LinkRecord link)
    {
        var key = await grains.GetGrain<IUserGrain>(link.UserId).GetSshKeyAsync();
        return new SshKeyStatus(false, null, key.Fingerprint, null, null, Manual: true, PublicKey: key.PublicKey);
    }
}
