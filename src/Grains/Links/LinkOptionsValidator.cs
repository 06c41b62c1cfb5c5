using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace GitIntegration.Grains.Links;

/// <summary>Refuses settings that would make links misbehave; each message names the key.</summary>
internal sealed class LinkOptionsValidator(IOptions<ReminderOptions> reminders) : IValidateOptions<LinkOptions>
{
    public ValidateOptionsResult Validate(string? name, LinkOptions options)
    {
        var errors = new List<string>();
        void Require(bool ok, string key, string problem)
        {
            if (!ok)
                errors.Add($"{LinkOptions.SectionName}:{key} {problem}");
        }

        Require(options.RefreshMargin > TimeSpan.Zero, nameof(options.RefreshMargin), "must be positive.");
        Require(options.RefreshMarginFraction is > 0 and < 1, nameof(options.RefreshMarginFraction), "must be between 0 and 1 (exclusive).");
        Require(options.RetryInitialBackoff > TimeSpan.Zero, nameof(options.RetryInitialBackoff), "must be positive.");
        Require(options.RetryMaxBackoff >= options.RetryInitialBackoff, nameof(options.RetryMaxBackoff), "must be at least RetryInitialBackoff.");
        var minimum = reminders.Value.MinimumReminderPeriod;
        Require(options.RevalidateInterval >= minimum, nameof(options.RevalidateInterval),
            $"must be at least Orleans' minimum reminder period ({minimum}).");
        Require(options.ScheduledRefreshesPerMinute > 0, nameof(options.ScheduledRefreshesPerMinute), "must be positive.");
        Require(options.ProviderCallTimeout > TimeSpan.Zero, nameof(options.ProviderCallTimeout), "must be positive.");
        Require(options.RefreshClaimLifetime > options.ProviderCallTimeout, nameof(options.RefreshClaimLifetime),
            "must be longer than ProviderCallTimeout (a refresh attempt must end well inside its claim).");
        Require(options.ClaimWaitLimit > TimeSpan.Zero, nameof(options.ClaimWaitLimit), "must be positive.");
        Require(!string.IsNullOrWhiteSpace(options.SshKeyTitle), nameof(options.SshKeyTitle), "must not be empty.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
