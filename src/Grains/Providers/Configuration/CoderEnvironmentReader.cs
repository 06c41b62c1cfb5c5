using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// Reads Coder's environment form, <c>CODER_EXTERNAL_AUTH_&lt;N&gt;_&lt;KEY&gt;</c> and the legacy
/// <c>CODER_GITAUTH_&lt;N&gt;_&lt;KEY&gt;</c>, so a Coder deployment's provider settings work unchanged.
/// N counts from 0 without gaps (a gap is an error, as in Coder). Variables whose N is not a number belong to
/// other Coder settings and are skipped, except <c>CODER_EXTERNAL_AUTH_GITHUB_DEFAULT_PROVIDER_ENABLE</c>, whose
/// value is checked like Coder's (this service has no Coder-managed GitHub app, so true adds no provider).
/// Keys this service does not use (MCP_URL, ...) are skipped.
/// </summary>
public static class CoderEnvironmentReader
{
    public const string Prefix = "CODER_EXTERNAL_AUTH_";
    public const string LegacyPrefix = "CODER_GITAUTH_";
    public const string GitHubDefaultProviderKey = Prefix + "GITHUB_DEFAULT_PROVIDER_ENABLE";
    private const string ExtraTokenKeysSuffix = "EXTRA_TOKEN_KEYS";

    private static readonly Dictionary<string, string> FieldsBySuffix =
        ProviderFields.All.Append(ProviderFields.ClientAuthMethod)
            .ToDictionary(ProviderSettingKeys.EnvironmentSuffix, f => f, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<RawProvider> Read(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        var list = variables.ToList();
        CheckGitHubDefaultProvider(list);
        return [.. ReadPrefix(list, Prefix), .. ReadPrefix(list, LegacyPrefix)];
    }

    private static void CheckGitHubDefaultProvider(List<KeyValuePair<string, string?>> variables)
    {
        foreach (var (key, value) in variables)
        {
            if (key.Equals(GitHubDefaultProviderKey, StringComparison.OrdinalIgnoreCase))
                SettingValues.ParseBool(value, key);
        }
    }

    private static IEnumerable<RawProvider> ReadPrefix(List<KeyValuePair<string, string?>> variables, string prefix)
    {
        var byNumber = new SortedDictionary<int, List<(string Key, string Suffix, string? Value)>>();
        foreach (var (key, value) in variables)
        {
            if (!key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                continue;
            var rest = key[prefix.Length..];
            var underscore = rest.IndexOf('_');
            if (underscore <= 0 || !rest[..underscore].All(char.IsAsciiDigit) || !int.TryParse(rest[..underscore], out var number))
                continue;
            if (!byNumber.TryGetValue(number, out var entries))
                byNumber[number] = entries = [];
            entries.Add((key, rest[(underscore + 1)..], value));
        }

        var expected = 0;
        foreach (var (number, entries) in byNumber)
        {
            if (number != expected)
                throw new ProviderConfigurationException(entries[0].Key,
                    $"provider {number} follows a gap: {prefix}{expected}_* is missing (numbers start at 0 without gaps).");
            expected++;
            yield return Build(entries, ProviderSettingKeys.ForEnvironment($"{prefix}{number}_")) with { Coder = Coder(entries) };
        }
    }

    private static RawProvider Build(List<(string Key, string Suffix, string? Value)> entries, ProviderSettingKeys keys)
    {
        var values = new Dictionary<string, (string Key, string? Value)>(StringComparer.Ordinal);
        foreach (var (key, suffix, value) in entries)
        {
            if (FieldsBySuffix.TryGetValue(suffix, out var field))
                values[field] = (key, value);
        }

        string? Text(string field) => values.TryGetValue(field, out var v) ? SettingValues.Text(v.Value) : null;
        bool Flag(string field) => values.TryGetValue(field, out var v) && SettingValues.ParseBool(v.Value, v.Key);

        return new RawProvider(SettingValues.Definition(Text, Flag), keys, Text(ProviderFields.ClientAuthMethod));
    }

    /// <summary>EXTRA_TOKEN_KEYS is space-separated, like SCOPES.</summary>
    private static CoderForm Coder(List<(string Key, string Suffix, string? Value)> entries)
    {
        var value = entries.LastOrDefault(e => e.Suffix.Equals(ExtraTokenKeysSuffix, StringComparison.OrdinalIgnoreCase)).Value;
        var keys = (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new CoderForm(keys.Length == 0 ? null : keys);
    }
}
