using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace GitIntegration.Grains.Links;

/// <summary>The link grain's collaborators, one reference per activation instead of one per collaborator.</summary>
internal sealed class LinkServices(
    IProviderDirectory providers,
    TokenVault vault,
    LinkTokens tokens,
    TokenRefresher refresher,
    LinkFlows flows,
    LinkAccount account,
    LinkSshKeys sshKeys,
    ScheduledRefreshBudget budget,
    TimeProvider time,
    IOptions<ReminderOptions> reminderOptions,
    ILogger<GitLinkGrain> logger)
{
    public IProviderDirectory Providers { get; } = providers;
    public TokenVault Vault { get; } = vault;
    public LinkTokens Tokens { get; } = tokens;
    public TokenRefresher Refresher { get; } = refresher;
    public LinkFlows Flows { get; } = flows;
    public LinkAccount Account { get; } = account;
    public LinkSshKeys SshKeys { get; } = sshKeys;
    public ScheduledRefreshBudget Budget { get; } = budget;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;

    /// <summary>The period of a one-shot reminder: how soon it fires again when a tick ends without moving it, above
    /// all when its silo died in the middle of a refresh. As short as Orleans allows (a minute by default), so the
    /// abandoned refresh is taken over soon after its claim runs out, while the old access token can still tell
    /// whether the provider rotated (see <see cref="TokenRefresher"/>).</summary>
    public TimeSpan OneShotReminderRepeat { get; } = reminderOptions.Value.MinimumReminderPeriod;
}
