namespace GitIntegration.Grains.Providers;

public sealed class ProviderDirectoryOptions
{
    public const string SectionPath = "GitIntegration:ProviderDirectory";

    /// <summary>How often, at most, the catalog grain is asked whether its version changed.</summary>
    public TimeSpan CatalogPollInterval { get; set; } = TimeSpan.FromSeconds(3);
}
