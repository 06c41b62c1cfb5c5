using System.Text;

namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// Names a provider setting the way its source spells it, so an error names the exact key to fix:
/// <c>GitIntegration:Providers:1:ClientId</c>, <c>CODER_EXTERNAL_AUTH_1_CLIENT_ID</c> or the admin API's <c>client_id</c>.
/// Fields are the property names of <see cref="GitIntegration.Grains.Interfaces.ProviderDefinition"/>.
/// </summary>
public sealed class ProviderSettingKeys
{
    private readonly Func<string, string> _name;

    private ProviderSettingKeys(Func<string, string> name) => _name = name;

    public string this[string field] => _name(field);

    public static ProviderSettingKeys ForSection(string sectionPath) => new(field => $"{sectionPath}:{field}");

    /// <param name="prefix">For example <c>CODER_EXTERNAL_AUTH_1_</c>.</param>
    public static ProviderSettingKeys ForEnvironment(string prefix) => new(field => prefix + EnvironmentSuffix(field));

    public static ProviderSettingKeys ForAdminApi() => new(SnakeCase);

    /// <summary>Coder's env suffix of a field: CLIENT_ID for ClientId; Pkce is Coder's PKCE_METHODS.</summary>
    public static string EnvironmentSuffix(string field) =>
        field == ProviderFields.Pkce ? "PKCE_METHODS" : SnakeCase(field).ToUpperInvariant();

    public static string SnakeCase(string field)
    {
        var builder = new StringBuilder();
        foreach (var c in field)
        {
            if (char.IsUpper(c) && builder.Length > 0)
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}

/// <summary>The setting names of a provider (property names of ProviderDefinition).</summary>
public static class ProviderFields
{
    public const string Id = "Id";
    public const string Type = "Type";
    public const string DisplayName = "DisplayName";
    public const string DisplayIcon = "DisplayIcon";
    public const string ClientId = "ClientId";
    public const string ClientSecret = "ClientSecret";
    public const string AuthUrl = "AuthUrl";
    public const string TokenUrl = "TokenUrl";
    public const string ValidateUrl = "ValidateUrl";
    public const string RevokeUrl = "RevokeUrl";
    public const string ApiBaseUrl = "ApiBaseUrl";
    public const string DeviceFlow = "DeviceFlow";
    public const string DeviceCodeUrl = "DeviceCodeUrl";
    public const string Scopes = "Scopes";
    public const string Regex = "Regex";
    public const string NoRefresh = "NoRefresh";
    public const string Pkce = "Pkce";
    public const string AppInstallUrl = "AppInstallUrl";
    public const string AppInstallationsUrl = "AppInstallationsUrl";
    public const string AllowSignIn = "AllowSignIn";
    public const string ConsumerKey = "ConsumerKey";

    /// <summary>Not a ProviderDefinition property (yet): read from configuration only, see <see cref="RawProvider"/>.</summary>
    public const string ClientAuthMethod = "ClientAuthMethod";

    public static IReadOnlyList<string> All { get; } =
    [
        Id, Type, DisplayName, DisplayIcon, ClientId, ClientSecret, AuthUrl, TokenUrl, ValidateUrl, RevokeUrl, ApiBaseUrl,
        DeviceFlow, DeviceCodeUrl, Scopes, Regex, NoRefresh, Pkce, AppInstallUrl, AppInstallationsUrl, AllowSignIn, ConsumerKey,
    ];
}
