using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>Parses setting values the way Coder does (Go's strconv.ParseBool), with errors naming the key.</summary>
internal static class SettingValues
{
    public static bool ParseBool(string? value, string key)
    {
        switch (value?.Trim())
        {
            case null or "": return false;
            case "1" or "t" or "T" or "TRUE" or "true" or "True": return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False": return false;
            default: throw new ProviderConfigurationException(key, $"'{value}' is not true or false.");
        }
    }

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A definition from one source's values: text by field, and flags parsed with the key named.</summary>
    public static ProviderDefinition Definition(Func<string, string?> text, Func<string, bool> flag) => new()
    {
        Id = text(ProviderFields.Id) ?? "",
        Type = text(ProviderFields.Type) ?? "",
        DisplayName = text(ProviderFields.DisplayName),
        DisplayIcon = text(ProviderFields.DisplayIcon),
        ClientId = text(ProviderFields.ClientId),
        ClientSecret = text(ProviderFields.ClientSecret),
        AuthUrl = text(ProviderFields.AuthUrl),
        TokenUrl = text(ProviderFields.TokenUrl),
        ValidateUrl = text(ProviderFields.ValidateUrl),
        RevokeUrl = text(ProviderFields.RevokeUrl),
        ApiBaseUrl = text(ProviderFields.ApiBaseUrl),
        DeviceFlow = flag(ProviderFields.DeviceFlow),
        DeviceCodeUrl = text(ProviderFields.DeviceCodeUrl),
        Scopes = text(ProviderFields.Scopes),
        Regex = text(ProviderFields.Regex),
        NoRefresh = flag(ProviderFields.NoRefresh),
        Pkce = text(ProviderFields.Pkce),
        AppInstallUrl = text(ProviderFields.AppInstallUrl),
        AppInstallationsUrl = text(ProviderFields.AppInstallationsUrl),
        AllowSignIn = flag(ProviderFields.AllowSignIn),
        ConsumerKey = text(ProviderFields.ConsumerKey),
    };
}
