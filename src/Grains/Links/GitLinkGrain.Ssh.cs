using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Ssh;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Links;

// The user's SSH key on the provider account.
internal sealed partial class GitLinkGrain
{
    public async Task<SshKeyStatus> SyncSshKeyAsync()
    {
        await FlushUnsavedAsync();
        var adapter = await RequireLinkedAdapterAsync();
        if (!adapter.SupportsSshKeys)
            return await ManualSshStatusAsync();
        await SyncSshKeyCoreAsync(adapter);
        return SshStatusNow();
    }

    public async Task<SshKeyStatus> GetSshKeyStatusAsync()
    {
        await FlushUnsavedAsync();
        var adapter = await RequireLinkedAdapterAsync();
        return adapter.SupportsSshKeys ? SshStatusNow() : await ManualSshStatusAsync();
    }

    /// <summary>After linking: a failed sync is recorded but never fails the link.</summary>
    private async Task TrySyncSshKeyAsync(IProviderAdapter adapter)
    {
        if (!adapter.SupportsSshKeys)
            return;
        try
        {
            await SyncSshKeyCoreAsync(adapter);
        }
        catch (Exception e)
        {
            logger.LogWarning("Syncing the SSH key of {Link} after linking failed: {Error}", GrainId, e.Message);
        }
    }

    private async Task SyncSshKeyCoreAsync(IProviderAdapter adapter)
    {
        var userKey = await User.GetSshKeyAsync();
        var key = SshPublicKey.Parse(userKey.PublicKey);
        var token = await AcquireTokenAsync(adapter);
        var previous = State.Ssh;
        SshKeySyncState next;
        if (token.Outcome != TokenOutcome.Valid)
        {
            next = new SshKeySyncState(false, previous?.KeyId, previous?.Fingerprint, previous?.SyncedAt,
                $"The SSH key cannot be synced without a working token: {token.Error}");
        }
        else if (State.Account is not { } account)
        {
            next = new SshKeySyncState(false, previous?.KeyId, previous?.Fingerprint, previous?.SyncedAt,
                "The SSH key cannot be synced: the provider did not tell which account the link belongs to.");
        }
        else
        {
            using var timeout = new CancellationTokenSource(_options.ProviderCallTimeout * 3);
            next = await sshKeys.SyncAsync(adapter, Plaintext(), account, key, previous, Now, timeout.Token);
        }
        await MutateAsync(s => s.IsLinked ? s with { Ssh = next } : s);
        if (next.Error is not null)
            logger.LogWarning("SSH key sync of {Link}: {Error}", GrainId, next.Error);
    }

    private SshKeyStatus SshStatusNow()
    {
        var ssh = State.Ssh;
        return new SshKeyStatus(ssh?.Synced ?? false, ssh?.KeyId, ssh?.Fingerprint, ssh?.SyncedAt, ssh?.Error, Manual: false, PublicKey: null);
    }

    /// <summary>Providers without an SSH-key API (Azure DevOps): the user pastes the key by hand.</summary>
    private async Task<SshKeyStatus> ManualSshStatusAsync()
    {
        var key = await User.GetSshKeyAsync();
        return new SshKeyStatus(false, null, key.Fingerprint, null, null, Manual: true, PublicKey: key.PublicKey);
    }
}
