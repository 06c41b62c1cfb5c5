namespace GitIntegration.ApiGateway.Contracts;

/// <summary>A provider as the admin API writes it; unset fields take the type's defaults. The secret is write-only.</summary>
public sealed record ProviderRequest(
    string? Id,
    string? Type,
    string? DisplayName,
    string? DisplayIcon,
    string? ClientId,
    string? ClientSecret,
    string? AuthUrl,
    string? TokenUrl,
    string? ValidateUrl,
    string? RevokeUrl,
    string? ApiBaseUrl,
    bool? DeviceFlow,
    string? DeviceCodeUrl,
    string? Scopes,
    string? Regex,
    bool? NoRefresh,
    string? Pkce,
    string? AppInstallUrl,
    string? AppInstallationsUrl,
    bool? AllowSignIn,
    string? ConsumerKey);

/// <summary>A provider as the admin API shows it, defaults applied; never the client secret. CallbackUrl is the
/// redirect URI to register at the provider (PublicUrl + /external-auth/{id}/callback, as Coder builds it).</summary>
public sealed record ProviderResponse(
    string Id,
    string Type,
    string DisplayName,
    string DisplayIcon,
    string ClientId,
    bool HasClientSecret,
    string AuthUrl,
    string TokenUrl,
    string ValidateUrl,
    string RevokeUrl,
    string ApiBaseUrl,
    bool DeviceFlow,
    string DeviceCodeUrl,
    string Scopes,
    string Regex,
    bool NoRefresh,
    string Pkce,
    string AppInstallUrl,
    string AppInstallationsUrl,
    bool AllowSignIn,
    string ConsumerKey,
    string Source,
    string CallbackUrl);

public sealed record SshSettings(string? KeygenAlgorithm);

public sealed record BitbucketServerPublicKey(string PublicKey);
