namespace GitIntegration.Grains.Interfaces;

/// <summary>
/// A provider as an operator configures it (SPEC section 2, GitIntegration:Providers:N). Unset fields take the
/// type's public defaults. ClientSecret is write-only: the API never returns it.
/// </summary>
public sealed record ProviderDefinition
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public string? DisplayName { get; init; }
    public string? DisplayIcon { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? AuthUrl { get; init; }
    public string? TokenUrl { get; init; }
    public string? ValidateUrl { get; init; }
    public string? RevokeUrl { get; init; }
    public string? ApiBaseUrl { get; init; }
    public bool DeviceFlow { get; init; }
    public string? DeviceCodeUrl { get; init; }
    public string? Scopes { get; init; }
    public string? Regex { get; init; }
    public bool NoRefresh { get; init; }
    public string? Pkce { get; init; }
    public string? AppInstallUrl { get; init; }
    public string? AppInstallationsUrl { get; init; }
    public bool AllowSignIn { get; init; }
    public string? ConsumerKey { get; init; }
}

/// <summary>Where a provider definition came from: configuration (read-only through the API) or the admin API.</summary>
public enum ProviderSource { Configuration, Admin }

/// <summary>The admin-managed part of the provider catalog and the SSH algorithm. Version grows on every change
/// so processes that cache it know when to reload.</summary>
public sealed record ProviderCatalog(long Version, IReadOnlyList<ProviderDefinition> Providers, string SshKeygenAlgorithm);
