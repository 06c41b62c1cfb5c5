using System.Text.RegularExpressions;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// Checks a <see cref="ProviderDefinition"/> and fills in its type's defaults, giving the immutable
/// <see cref="ProviderConfig"/> adapters use. Every problem is a <see cref="ProviderConfigurationException"/>
/// naming the setting's key as its source spells it.
/// </summary>
public static class ProviderConfigResolver
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <param name="clientAuthMethod">client_secret_basic or client_secret_post; null for the type's default.</param>
    /// <param name="coder">Set for a provider read from Coder's environment form: any type string is accepted (an
    /// unknown one is generic OAuth 2), the legacy type "bitbucket" keeps the id "bitbucket", and Coder's defaults apply.</param>
    public static ProviderConfig Resolve(ProviderDefinition definition, ProviderSource source, ProviderSettingKeys keys,
        string? clientAuthMethod = null, CoderForm? coder = null)
    {
        var typeName = ParseTypeName(definition.Type, keys, acceptAny: coder is not null);
        var type = ProviderTypeNames.TypeOf(typeName);
        var id = Blank(definition.Id) ?? DefaultId(definition.Type!, typeName, coder);
        if (!ProviderIds.IsValid(id))
            throw new ProviderConfigurationException(keys[ProviderFields.Id], $"'{id}' is not a valid provider id ({ProviderIds.Rule}).");

        var authUrl = Url(definition.AuthUrl, ProviderFields.AuthUrl, keys);
        var apiBaseUrl = Url(definition.ApiBaseUrl, ProviderFields.ApiBaseUrl, keys)?.TrimEnd('/');
        if (type == ProviderType.BitbucketServer && authUrl is null)
            throw new ProviderConfigurationException(keys[ProviderFields.AuthUrl], $"required for type {typeName} (there is no public default).");

        var usesOAuth1 = type == ProviderType.BitbucketServer && authUrl!.Contains("/plugins/servlet/oauth", StringComparison.OrdinalIgnoreCase);
        var consumerKey = Blank(definition.ConsumerKey) ?? "GitIntegration";
        var clientId = Blank(definition.ClientId) ?? (usesOAuth1 ? consumerKey : null)
                       ?? throw new ProviderConfigurationException(keys[ProviderFields.ClientId], "required (the OAuth client id registered at the provider).");

        var defaults = ProviderTypeDefaults.For(typeName, authUrl, apiBaseUrl, clientId);
        if (coder is not null)
            defaults = CoderDefaults.Apply(typeName, defaults);
        var resolvedAuthUrl = authUrl ?? defaults.AuthUrl
                              ?? throw new ProviderConfigurationException(keys[ProviderFields.AuthUrl], $"required for type {typeName} (there is no public default).");
        var tokenUrl = Url(definition.TokenUrl, ProviderFields.TokenUrl, keys) ?? defaults.TokenUrl
                       ?? throw new ProviderConfigurationException(keys[ProviderFields.TokenUrl], $"required for type {typeName} (there is no public default).");
        var deviceCodeUrl = Url(definition.DeviceCodeUrl, ProviderFields.DeviceCodeUrl, keys) ?? defaults.DeviceCodeUrl;
        if (definition.DeviceFlow && deviceCodeUrl is null)
            throw new ProviderConfigurationException(keys[ProviderFields.DeviceCodeUrl],
                $"required when device flow is on (type {typeName} has no default device authorization endpoint).");
        if (definition.DeviceFlow && usesOAuth1)
            throw new ProviderConfigurationException(keys[ProviderFields.DeviceFlow], "OAuth 1.0a application links have no device flow.");

        return new ProviderConfig
        {
            Id = id,
            Type = type,
            TypeName = typeName,
            DisplayName = Blank(definition.DisplayName) ?? GenericDisplayName(type, id, typeName, coder) ?? defaults.DisplayName,
            DisplayIcon = Blank(definition.DisplayIcon) ?? defaults.DisplayIcon,
            ClientId = clientId,
            ClientSecret = Blank(definition.ClientSecret),
            AuthUrl = resolvedAuthUrl,
            TokenUrl = tokenUrl,
            ValidateUrl = Url(definition.ValidateUrl, ProviderFields.ValidateUrl, keys) ?? defaults.ValidateUrl,
            RevokeUrl = Url(definition.RevokeUrl, ProviderFields.RevokeUrl, keys) ?? defaults.RevokeUrl,
            ApiBaseUrl = apiBaseUrl ?? defaults.ApiBaseUrl,
            DeviceFlow = definition.DeviceFlow,
            DeviceCodeUrl = deviceCodeUrl,
            Scopes = SplitScopes(Blank(definition.Scopes) ?? defaults.Scopes),
            Regex = CompileRegex(Blank(definition.Regex) ?? defaults.Regex, keys),
            NoRefresh = definition.NoRefresh || usesOAuth1,
            UsePkce = ParsePkce(definition.Pkce, defaults.UsePkce, keys),
            AppInstallUrl = Url(definition.AppInstallUrl, ProviderFields.AppInstallUrl, keys),
            AppInstallationsUrl = Url(definition.AppInstallationsUrl, ProviderFields.AppInstallationsUrl, keys) ?? defaults.AppInstallationsUrl,
            AllowSignIn = definition.AllowSignIn,
            ConsumerKey = consumerKey,
            UsesOAuth1 = usesOAuth1,
            ExtraTokenKeys = coder?.ExtraTokenKeys ?? defaults.ExtraTokenKeys,
            Source = source,
            ClientAuthMethod = ParseClientAuthMethod(clientAuthMethod, type, defaults, keys),
        };
    }

    /// <summary>The canonical type string. This service's own forms take the known types; Coder's form takes any
    /// string, as Coder does (an unknown one is generic OAuth 2 and needs its URLs configured).</summary>
    public static string ParseTypeName(string? value, ProviderSettingKeys keys, bool acceptAny = false)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ProviderConfigurationException(keys[ProviderFields.Type], $"required: one of {string.Join(", ", ProviderTypeNames.All)}.");
        var name = ProviderTypeNames.Canonical(value);
        if (!acceptAny && !ProviderTypeNames.IsKnown(name))
            throw new ProviderConfigurationException(keys[ProviderFields.Type], $"'{value}' is not one of {string.Join(", ", ProviderTypeNames.All)}.");
        return name;
    }

    /// <summary>The type string, as Coder defaults the id; in Coder's form the legacy "bitbucket" keeps its name (Coder
    /// renames the type only after the id is set), so links made under Coder's id stay reachable.</summary>
    private static string DefaultId(string rawType, string typeName, CoderForm? coder) =>
        coder is not null && rawType.Trim().Equals(ProviderTypeNames.LegacyBitbucket, StringComparison.OrdinalIgnoreCase)
            ? ProviderTypeNames.LegacyBitbucket
            : typeName;

    /// <summary>A generic provider is named after its id; one from Coder's form after its type, as Coder does
    /// (Slack and JFrog have names of their own).</summary>
    private static string? GenericDisplayName(ProviderType type, string id, string typeName, CoderForm? coder) =>
        type != ProviderType.Generic || typeName is ProviderTypeNames.Slack or ProviderTypeNames.JFrog ? null
        : coder is null ? id
        : typeName;

    private static string? Url(string? value, string field, ProviderSettingKeys keys)
    {
        var url = Blank(value);
        if (url is null)
            return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ProviderConfigurationException(keys[field], $"'{url}' is not an absolute http(s) URL.");
        return url;
    }

    private static Regex? CompileRegex(string? pattern, ProviderSettingKeys keys)
    {
        if (pattern is null)
            return null;
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ProviderConfigurationException(keys[ProviderFields.Regex], $"'{pattern}' is not a valid regular expression ({FirstLine(e.Message)}).");
        }
    }

    /// <summary>S256 (Coder may list several methods; S256 is the one implemented) or none.</summary>
    private static bool ParsePkce(string? value, bool typeDefault, ProviderSettingKeys keys)
    {
        var methods = (value ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (methods.Length == 0)
            return typeDefault;
        if (methods.Length == 1 && methods[0].Equals("none", StringComparison.OrdinalIgnoreCase))
            return false;
        if (methods.Any(m => m.Equals("S256", StringComparison.OrdinalIgnoreCase)))
            return true;
        throw new ProviderConfigurationException(keys[ProviderFields.Pkce], $"'{value}' is not S256 or none.");
    }

    private static ClientAuthMethod ParseClientAuthMethod(string? value, ProviderType type, TypeDefaults defaults, ProviderSettingKeys keys)
    {
        var method = Blank(value)?.ToLowerInvariant() switch
        {
            null => defaults.ClientAuthMethod,
            "client_secret_basic" => ClientAuthMethod.ClientSecretBasic,
            "client_secret_post" => ClientAuthMethod.ClientSecretPost,
            _ => throw new ProviderConfigurationException(keys[ProviderFields.ClientAuthMethod], $"'{value}' is not client_secret_basic or client_secret_post."),
        };
        if (method != defaults.ClientAuthMethod && !defaults.ClientAuthMethodConfigurable)
            throw new ProviderConfigurationException(keys[ProviderFields.ClientAuthMethod],
                $"type {type.ToName()} authenticates the way its provider requires; only {Name(defaults.ClientAuthMethod)} is possible.");
        return method;
    }

    private static string Name(ClientAuthMethod method) =>
        method == ClientAuthMethod.ClientSecretBasic ? "client_secret_basic" : "client_secret_post";

    private static IReadOnlyList<string> SplitScopes(string scopes) =>
        scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
