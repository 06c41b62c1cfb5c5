using System.Globalization;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;

namespace GitIntegration.ApiGateway.Contracts;

/// <summary>From grain records to the API's shapes.</summary>
public static class ContractMapping
{
    /// <summary>Go's zero time, which Coder sends for "no expiry".</summary>
    public static readonly DateTime ZeroTime = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    public static DateTime Utc(DateTimeOffset? time) => time?.UtcDateTime ?? ZeroTime;

    public static DateTime? UtcOrNull(DateTimeOffset? time) => time?.UtcDateTime;

    public static ExternalAuthLinkProvider ToLinkProvider(ProviderConfig config) => new(
        config.Id,
        config.TypeName,
        config.DeviceFlow,
        config.DisplayName,
        config.DisplayIcon,
        AllowRefresh: !config.NoRefresh,
        AllowValidate: !string.IsNullOrEmpty(config.ValidateUrl),
        SupportsRevocation: !string.IsNullOrEmpty(config.RevokeUrl),
        // Coder reports the configured methods; a provider without PKCE says "none".
        CodeChallengeMethodsSupported: config.UsePkce ? ["S256"] : ["none"]);

    public static ExternalAuthLink ToLink(LinkStatus status) => new(
        status.ProviderId,
        Utc(status.CreatedAt),
        Utc(status.UpdatedAt),
        status.HasRefreshToken,
        Utc(status.ExpiresAt),
        status.Authenticated,
        status.ValidateError ?? "");

    public static ExternalAuthUser ToUser(ExternalAccount account) => new(
        long.TryParse(account.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) ? numeric : 0,
        account.Id,
        account.Login,
        account.AvatarUrl ?? "",
        account.ProfileUrl ?? "",
        account.Name ?? "",
        account.Email ?? "");

    public static User ToUser(UserProfile profile) =>
        new(profile.Id, profile.Username, profile.Role, profile.CreatedAt.UtcDateTime, profile.LinkedProviders);

    public static GitSshKey ToGitSshKey(UserSshKey key) =>
        new(key.UserId, key.CreatedAt.UtcDateTime, key.UpdatedAt.UtcDateTime, key.PublicKey);

    /// <summary>A sync that failed while the provider's scopes lack the SSH-key one says so (Coder's default scopes
    /// have none), so the link reports the cause instead of a bare provider error.</summary>
    public static ProviderSshKey ToProviderSshKey(SshKeyStatus status, ProviderConfig config) =>
        new(status.Synced, status.KeyId ?? "", status.Fingerprint ?? "", UtcOrNull(status.SyncedAt), SshError(status, config),
            status.Manual ? true : null, status.Manual ? status.PublicKey : null);

    private static string SshError(SshKeyStatus status, ProviderConfig config) =>
        !status.Synced && !status.Manual && SshKeyScopes.Missing(config) is { } scope
            ? $"The provider's scopes ({string.Join(' ', config.Scopes)}) lack {scope}, which {config.DisplayName} needs to manage SSH keys: " +
              $"add it to the provider's scopes and link again.{(string.IsNullOrEmpty(status.Error) ? "" : " " + status.Error)}"
            : status.Error ?? "";

    public static Repository ToRepository(RepositoryInfo repository) => new(
        repository.FullName, repository.HtmlUrl, repository.CloneUrl, repository.SshUrl, repository.Private, repository.DefaultBranch ?? "");

    public static ApiKey ToApiKey(ApiKeySummary key) =>
        new(key.Id, key.Name ?? "", key.CreatedAt.UtcDateTime, UtcOrNull(key.ExpiresAt));

    public static ProviderResponse ToProviderResponse(ProviderConfig config, string callbackUrl) => new(
        config.Id,
        config.TypeName,
        config.DisplayName,
        config.DisplayIcon,
        config.ClientId,
        HasClientSecret: !string.IsNullOrEmpty(config.ClientSecret),
        config.AuthUrl,
        config.TokenUrl,
        config.ValidateUrl ?? "",
        config.RevokeUrl ?? "",
        config.ApiBaseUrl ?? "",
        config.DeviceFlow,
        config.DeviceCodeUrl ?? "",
        string.Join(' ', config.Scopes),
        config.Regex?.ToString() ?? "",
        config.NoRefresh,
        config.UsePkce ? "S256" : "none",
        config.AppInstallUrl ?? "",
        config.AppInstallationsUrl ?? "",
        config.AllowSignIn,
        config.ConsumerKey,
        config.Source == ProviderSource.Admin ? "admin" : "configuration",
        callbackUrl);

    public static ProviderDefinition ToDefinition(string id, ProviderRequest request) => new()
    {
        Id = id,
        Type = request.Type ?? "",
        DisplayName = request.DisplayName,
        DisplayIcon = request.DisplayIcon,
        ClientId = request.ClientId,
        ClientSecret = request.ClientSecret,
        AuthUrl = request.AuthUrl,
        TokenUrl = request.TokenUrl,
        ValidateUrl = request.ValidateUrl,
        RevokeUrl = request.RevokeUrl,
        ApiBaseUrl = request.ApiBaseUrl,
        DeviceFlow = request.DeviceFlow ?? false,
        DeviceCodeUrl = request.DeviceCodeUrl,
        Scopes = request.Scopes,
        Regex = request.Regex,
        NoRefresh = request.NoRefresh ?? false,
        Pkce = request.Pkce,
        AppInstallUrl = request.AppInstallUrl,
        AppInstallationsUrl = request.AppInstallationsUrl,
        AllowSignIn = request.AllowSignIn ?? false,
        ConsumerKey = request.ConsumerKey,
    };
}
