using GitIntegration.Grains.Interfaces;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// The providers of configuration: <c>GitIntegration:Providers:N:*</c> first, then Coder's
/// <c>CODER_EXTERNAL_AUTH_N_*</c> and <c>CODER_GITAUTH_N_*</c>. Everything is checked; the first problem throws a
/// <see cref="ProviderConfigurationException"/> whose one-line message names the key. The gateway calls this at
/// start-up and stops with that line.
/// </summary>
public static class ProviderConfigurationReader
{
    public const string SectionPath = "GitIntegration:Providers";

    /// <param name="environment">Coder's variables; when null they are taken from the configuration's top-level
    /// keys (AddEnvironmentVariables() without a prefix puts them there).</param>
    public static IReadOnlyList<ProviderConfig> ReadConfigs(IConfiguration configuration, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        var configs = new List<ProviderConfig>();
        foreach (var (definition, keys, clientAuthMethod, coder) in ReadRaw(configuration, environment))
        {
            var config = ProviderConfigResolver.Resolve(definition, ProviderSource.Configuration, keys, clientAuthMethod, coder);
            if (configs.Any(c => c.Id == config.Id))
                throw new ProviderConfigurationException(keys[ProviderFields.Id], $"duplicate provider id '{config.Id}'; give each provider a unique id.");
            configs.Add(config);
        }
        return configs;
    }

    /// <summary>The definitions as configured, each with its effective id; checked like <see cref="ReadConfigs"/>.</summary>
    public static IReadOnlyList<ProviderDefinition> ReadDefinitions(IConfiguration configuration, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        var raw = ReadRaw(configuration, environment);
        var configs = ReadConfigs(configuration, environment);
        return raw.Select((r, i) => r.Definition with { Id = configs[i].Id }).ToList();
    }

    private static List<RawProvider> ReadRaw(
        IConfiguration configuration, IEnumerable<KeyValuePair<string, string?>>? environment)
    {
        var variables = environment ?? configuration.GetChildren()
            .Where(c => c.Value is not null)
            .Select(c => new KeyValuePair<string, string?>(c.Key, c.Value));
        return [.. ReadSection(configuration.GetSection(SectionPath)), .. CoderEnvironmentReader.Read(variables)];
    }

    private static IEnumerable<RawProvider> ReadSection(IConfigurationSection section)
    {
        var entries = section.GetChildren()
            .OrderBy(c => int.TryParse(c.Key, out var n) ? n : int.MaxValue)
            .ThenBy(c => c.Key, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var keys = ProviderSettingKeys.ForSection(entry.Path);
            string? Text(string field) => SettingValues.Text(entry[field]);
            bool Flag(string field) => SettingValues.ParseBool(entry[field], keys[field]);
            yield return new RawProvider(SettingValues.Definition(Text, Flag), keys, Text(ProviderFields.ClientAuthMethod));
        }
    }
}
