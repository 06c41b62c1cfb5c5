namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>A provider setting is wrong. The message is one line: the setting's key, a colon, what is wrong.
/// It never contains a secret.</summary>
public class ProviderConfigurationException(string key, string problem) : Exception($"{key}: {problem}")
{
    /// <summary>The configuration key (or admin API field) at fault.</summary>
    public string Key { get; } = key;

    public string Problem { get; } = problem;
}
