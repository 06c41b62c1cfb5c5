using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Orleans.Storage;

namespace GitIntegration.Grains.Links;

/// <summary>
/// One activation's view of a link's stored state. Every write is a compare-and-swap on the storage ETag: a write
/// that loses leaves <see cref="State"/> equal to what storage holds (read back), never to the write that lost,
/// so a failed write can never be handed out or flushed later. <see cref="UpdateAsync"/> re-applies its change to
/// the fresh state after a conflict; a change made with <c>with</c> keeps whatever it does not touch, a refresh
/// claim of another activation included.
/// </summary>
internal sealed class LinkRecord(IPersistentState<LinkState> storage, GrainId grainId, TokenVault vault)
{
    private const int MaxAttempts = 5;

    public GrainId GrainId { get; } = grainId;

    /// <summary>Parsed when asked (linking, unlinking, SSH keys), not kept by every idle activation.</summary>
    public string UserId => GrainKeys.ParseLink(GrainId.Key.ToString()!).UserId;

    public string ProviderId { get; } = GrainKeys.ParseLink(grainId.Key.ToString()!).ProviderId;

    public LinkState State => storage.State;

    /// <summary>The open refresh claim this activation has asked the provider about (see <see cref="TokenRefresher"/>).</summary>
    public string? WatchedClaimId { get; set; }

    /// <summary>The link's credentials in plaintext, decrypted on each use. Not kept: the token hot path answers from
    /// the grain's cached result, and an idle activation then holds no plaintext refresh token (nor its memory).</summary>
    public TokenSet Tokens => vault.ToTokenSet(State, GrainId) ?? throw new InvalidOperationException($"{GrainId} has no token.");

    public string? StoredRefreshToken => vault.Reveal(State.RefreshToken, GrainId, TokenVault.RefreshTokenField);

    /// <summary>Reads what storage holds now (another activation may have written).</summary>
    public Task ReloadAsync() => storage.ReadStateAsync();

    /// <summary>Writes exactly <paramref name="next"/> if storage still holds what this activation read. False on a
    /// conflict, after reading the stored state back.</summary>
    public async Task<bool> TryStoreAsync(LinkState next)
    {
        var before = storage.State;
        try
        {
            if (next.IsEmpty)
            {
                if (storage.RecordExists)
                    await storage.ClearStateAsync();
                storage.State = new LinkState();
            }
            else
            {
                storage.State = vault.Reencrypt(next, GrainId);
                await storage.WriteStateAsync();
            }
            return true;
        }
        catch (InconsistentStateException)
        {
            storage.State = before;
            await storage.ReadStateAsync();
            return false;
        }
        catch
        {
            storage.State = before;
            throw;
        }
    }

    /// <summary>Applies <paramref name="change"/> and stores the result; after a conflict, applies it again to what
    /// was stored. A change that returns its input unchanged writes nothing.</summary>
    public async Task UpdateAsync(Func<LinkState, LinkState> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = State;
            var next = change(current);
            if (ReferenceEquals(next, current) || await TryStoreAsync(next))
                return;
            if (attempt == MaxAttempts)
                throw new InconsistentStateException($"{GrainId} kept changing under {MaxAttempts} attempts to write it.");
        }
    }

    /// <summary>Forgets the link (unlink), whatever another activation wrote meanwhile.</summary>
    public Task ClearAsync() => UpdateAsync(_ => new LinkState());
}
