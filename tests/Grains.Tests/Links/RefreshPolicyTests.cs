using GitIntegration.Grains.Links;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Tests.Links;

public sealed class RefreshPolicyTests
{
    private static readonly DateTimeOffset Issued = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly RefreshPolicy _policy = new(Options.Create(new LinkOptions()));

    [Fact]
    public void The_margin_is_five_minutes_for_long_lived_tokens_and_a_tenth_of_the_lifetime_for_short_ones()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), _policy.Margin(Issued, Issued.AddHours(8)));   // GitHub App
        Assert.Equal(TimeSpan.FromMinutes(5), _policy.Margin(Issued, Issued.AddHours(2)));   // GitLab
        Assert.Equal(TimeSpan.FromMinutes(3), _policy.Margin(Issued, Issued.AddMinutes(30)));
        Assert.Equal(TimeSpan.FromSeconds(6), _policy.Margin(Issued, Issued.AddMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(5), _policy.Margin(null, Issued.AddHours(1)));     // lifetime unknown
    }

    [Fact]
    public void The_margin_follows_the_configuration()
    {
        var policy = new RefreshPolicy(Options.Create(new LinkOptions { RefreshMargin = TimeSpan.FromMinutes(15), RefreshMarginFraction = 0.5 }));

        Assert.Equal(TimeSpan.FromMinutes(15), policy.Margin(Issued, Issued.AddHours(2)));
        Assert.Equal(TimeSpan.FromMinutes(10), policy.Margin(Issued, Issued.AddMinutes(20)));
    }

    [Fact]
    public void The_reminder_fires_before_the_due_time_by_at_most_a_tenth_of_the_margin()
    {
        var expires = Issued.AddHours(2);
        var due = _policy.DueAt(Issued, expires);

        Assert.Equal(expires - TimeSpan.FromMinutes(5), due);
        Assert.Equal(due, _policy.ScheduledAt(Issued, expires, 0));
        Assert.Equal(due - TimeSpan.FromSeconds(15), _policy.ScheduledAt(Issued, expires, 0.5));
        var earliest = _policy.ScheduledAt(Issued, expires, 0.999999);
        Assert.True(earliest > due - TimeSpan.FromSeconds(30));
        Assert.True(earliest >= _policy.ScheduledWindowStart(Issued, expires));
    }

    [Fact]
    public void Backoff_doubles_up_to_the_maximum_and_honours_what_the_provider_asked_for()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), _policy.Backoff(1, null));
        Assert.Equal(TimeSpan.FromSeconds(60), _policy.Backoff(2, null));
        Assert.Equal(TimeSpan.FromSeconds(240), _policy.Backoff(4, null));
        Assert.Equal(TimeSpan.FromMinutes(15), _policy.Backoff(10, null));
        Assert.Equal(TimeSpan.FromMinutes(15), _policy.Backoff(1000, null));
        Assert.Equal(TimeSpan.FromMinutes(2), _policy.Backoff(1, TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromSeconds(60), _policy.Backoff(2, TimeSpan.FromSeconds(5)));
    }
}
