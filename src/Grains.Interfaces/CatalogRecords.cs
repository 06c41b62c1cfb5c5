namespace GitIntegration.Grains.Interfaces;

/// <summary>
/// A provider as an operator configures it (SPEC section 2, GitIntegration:Providers:N). Unset fields take the
/// type's public defaults. ClientSecret is write-only: the API never returns it.
/// </summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.ProviderDefinition")]
public sealed record ProviderDefinition
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public string? DisplayName { get; init; }
    [Id(3)] public string? DisplayIcon { get; init; }
    [Id(4)] public string? ClientId { get; init; }
    [Id(5)] public string? ClientSecret { get; init; }
    [Id(6)] public string? AuthUrl { get; init; }
    [Id(7)] public string? TokenUrl { get; init; }
    [Id(8)] public string? ValidateUrl { get; init; }
    [Id(9)] public string? RevokeUrl { get; init; }
    [Id(10)] public string? ApiBaseUrl { get; init; }
    [Id(11)] public bool DeviceFlow { get; init; }
    [Id(12)] public string? DeviceCodeUrl { get; init; }
    [Id(13)] public string? Scopes { get; init; }
    [Id(14)] public string? Regex { get; init; }
    [Id(15)] public bool NoRefresh { get; init; }
    [Id(16)] public string? Pkce { get; init; }
    [Id(17)] public string? AppInstallUrl { get; init; }
    [Id(18)] public string? AppInstallationsUrl { get; init; }
    [Id(19)] public bool AllowSignIn { get; init; }
    [Id(20)] public string? ConsumerKey { get; init; }
}

/// <summary>Where a provider definition came from: configuration (read-only through the API) or the admin API.</summary>
[GenerateSerializer, Alias("GitIntegration.ProviderSource")]
public enum ProviderSource { Configuration, Admin }

/// <summary>The admin-managed part of the provider catalog and the SSH algorithm. Version grows on every change
/// so processes that cache it know when to reload.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.ProviderCatalog")]
public sealed record ProviderCatalog(long Version, ProviderDefinition[] Providers, string SshKeygenAlgorithm);
