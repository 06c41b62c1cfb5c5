using GitIntegration.Grains.Links;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Tests.Links;

public sealed class LinkOptionsTests
{
    [Fact]
    public void Settings_bind_from_GitIntegration_Links()
    {
        var options = Resolve(new()
        {
            ["GitIntegration:Links:RefreshMargin"] = "00:10:00",
            ["GitIntegration:Links:RevalidateInterval"] = "06:00:00",
        });

        Assert.Equal(TimeSpan.FromMinutes(10), options.RefreshMargin);
        Assert.Equal(TimeSpan.FromHours(6), options.RevalidateInterval);
        Assert.Equal(0.1, options.RefreshMarginFraction);
    }

    [Fact]
    public void A_bad_setting_is_refused_with_its_key_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["GitIntegration:Links:RevalidateInterval"] = "00:00:10",
            ["GitIntegration:Links:RefreshMarginFraction"] = "1.5",
        }));

        Assert.Contains(error.Failures, f => f.Contains("GitIntegration:Links:RevalidateInterval") && f.Contains("minimum reminder period"));
        Assert.Contains(error.Failures, f => f.Contains("GitIntegration:Links:RefreshMarginFraction"));
    }

    private static LinkOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddOptions<Orleans.Hosting.ReminderOptions>();
        services.AddLinks(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<LinkOptions>>().Value;
    }
}
