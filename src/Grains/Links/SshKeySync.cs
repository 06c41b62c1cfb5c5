using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Ssh;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>
/// Puts the user's current SSH public key on the provider account, idempotently: a key that is already there
/// (uploaded by us before, or by hand) is matched by its key blob instead of uploaded twice, and a key we
/// uploaded earlier that is no longer the user's (regenerated) is deleted once the new one is up.
/// </summary>
internal sealed class SshKeySync(IOptions<LinkOptions> options)
{
    private readonly string _title = options.Value.SshKeyTitle;

    public async Task<SshKeySyncState> SyncAsync(
        IProviderAdapter adapter, TokenSet tokens, ExternalAccount account, SshPublicKey key,
        SshKeySyncState? previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            if (previous is { KeyId: { } knownId } && previous.Fingerprint == key.Fingerprint)
            {
                var listed = await adapter.ListSshKeysAsync(tokens, account, cancellationToken);
                var existing = listed.FirstOrDefault(k => k.Id == knownId && IsSameKey(k, key)) ?? listed.FirstOrDefault(k => IsSameKey(k, key));
                if (existing is not null)
                    return Synced(existing.Id, key, now, error: null);
                // Deleted at the provider by the user: upload it again.
            }

            string keyId;
            try
            {
                keyId = (await adapter.AddSshKeyAsync(tokens, account, _title, key.ToAuthorizedKeysLine(), cancellationToken)).Id;
            }
            catch (DuplicateSshKeyException)
            {
                var listed = await adapter.ListSshKeysAsync(tokens, account, cancellationToken);
                var match = listed.FirstOrDefault(k => IsSameKey(k, key));
                if (match is null)
                    return Failed(previous, key, $"The SSH key is already registered on another account at {adapter.Config.DisplayName}; remove it there and sync again.");
                keyId = match.Id;
            }

            var error = await DeleteReplacedKeyAsync(adapter, tokens, account, previous, keyId, cancellationToken);
            return Synced(keyId, key, now, error);
        }
        catch (ProviderApiException e)
        {
            return Failed(previous, key, $"Syncing the SSH key failed: {e.Message}");
        }
        catch (Exception e) when (ProviderErrors.IsTransient(e))
        {
            return Failed(previous, key, $"{adapter.Config.DisplayName} could not be reached to sync the SSH key.");
        }
    }

    /// <summary>Deletes our key from the provider (unlink). Returns the error text, or null when it is gone.</summary>
    public static async Task<string?> RemoveAsync(IProviderAdapter adapter, TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken)
    {
        try
        {
            await adapter.DeleteSshKeyAsync(tokens, account, keyId, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is ProviderApiException || ProviderErrors.IsTransient(e))
        {
            return $"Removing the SSH key from {adapter.Config.DisplayName} failed: {e.Message}";
        }
    }

    private static async Task<string?> DeleteReplacedKeyAsync(
        IProviderAdapter adapter, TokenSet tokens, ExternalAccount account, SshKeySyncState? previous, string newKeyId, CancellationToken cancellationToken)
    {
        if (previous?.KeyId is not { } oldId || oldId == newKeyId)
            return null;
        var error = await RemoveAsync(adapter, tokens, account, oldId, cancellationToken);
        return error is null ? null : $"The new key is synced, but the previous one (id {oldId}) is still there: {error}";
    }

    private static bool IsSameKey(ProviderSshKey listed, SshPublicKey key) =>
        SshPublicKey.TryParse(listed.PublicKey, out var parsed) && parsed!.IsSameKeyAs(key);

    private static SshKeySyncState Synced(string keyId, SshPublicKey key, DateTimeOffset now, string? error) =>
        new(true, keyId, key.Fingerprint, now, error);

    // A failed sync keeps the id of a key we uploaded before, so a later sync or unlink can still delete it.
    private static SshKeySyncState Failed(SshKeySyncState? previous, SshPublicKey key, string error) =>
        new(false, previous?.KeyId, previous?.KeyId is null ? key.Fingerprint : previous.Fingerprint, previous?.SyncedAt, error);
}
