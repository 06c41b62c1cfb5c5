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

    /// <summary>The period of a one-shot reminder: how soon it fires again if a tick fails before moving it.</summary>
    public TimeSpan OneShotReminderRepeat { get; } = reminderOptions.Value.MinimumReminderPeriod > TimeSpan.FromMinutes(10)
        ? reminderOptions.Value.MinimumReminderPeriod
        : TimeSpan.FromMinutes(10);
}
