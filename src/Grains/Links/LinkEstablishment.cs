using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>Stores a new (or replacing) link once its tokens were validated, in the order that keeps a crash
/// harmless: the user's list first, reminders next, then the state; then a best-effort SSH key sync.</summary>
internal sealed class LinkEstablishment(
    TokenVault vault,
    TokenRefresher refresher,
    LinkSshKeys sshKeys,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<LinkOptions> options,
    ILogger<LinkEstablishment> logger)
{
    private readonly TimeSpan _revalidateInterval = options.Value.RevalidateInterval;

    public async Task<LinkStatus> StoreNewLinkAsync(
        LinkRecord link, LinkReminders reminders, IProviderAdapter adapter, TokenSet tokens, ExternalAccount? account, LinkMethod method)
    {
        var now = time.GetUtcNow();
        LinkState Replace(LinkState previous) => vault.WithTokens(new LinkState
        {
            Account = account,
            Method = method,
            CreatedAt = previous.IsLinked ? previous.CreatedAt : now,
            UpdatedAt = now,
            ValidatedAt = now,
            Ssh = previous.IsLinked && previous.Account?.Id == account?.Id ? previous.Ssh : null,
            PendingWebFlow = previous.PendingWebFlow,
        }, tokens, link.GrainId, now);

        // A user listing a provider whose link failed to store is harmless; a stored link the user does not list is not.
        await grains.GetGrain<IUserGrain>(link.UserId).AddLinkAsync(link.ProviderId);
        // Registered before the state is written, so a crash in between leaves a reminder that finds the link.
        await reminders.RevalidateEveryAsync(_revalidateInterval);
        // A new link replaces whatever another activation stored, a refresh claim on the old pair included.
        await link.UpdateAsync(Replace);
        await refresher.ScheduleAsync(link, reminders, adapter);
        logger.LogInformation("Linked {Link} to account {Login} ({Method})", link.GrainId, account?.Login, method);
        await sshKeys.TrySyncAfterLinkingAsync(link, reminders, adapter);
        return LinkStatuses.Of(link, time.GetUtcNow());
    }
}
