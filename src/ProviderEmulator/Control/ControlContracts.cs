namespace GitIntegration.ProviderEmulator.Control;

// Request and response bodies of the control API (JSON, snake_case). Shared by the server and EmulatorClient.

public sealed record CreateInstanceRequest(string Name, string Type, InstanceSettingsDto? Settings = null);

public sealed record InstanceInfo(string Name, string Type, string BaseUrl, InstanceSettingsDto Settings);

/// <summary>
/// Per-instance overrides. In an update, a null field is left unchanged; 0 (or "" for strings) puts the
/// provider default back.
/// </summary>
public sealed record InstanceSettingsDto(
    int? AccessTokenLifetimeSeconds = null,
    int? RefreshTokenLifetimeSeconds = null,
    int? AuthCodeLifetimeSeconds = null,
    int? DeviceCodeLifetimeSeconds = null,
    int? DeviceIntervalSeconds = null,
    int? RefreshGraceSeconds = null,
    bool? InvalidateRefreshTokens = null,
    string? AutoApprove = null,
    int? RateLimit = null,
    int? RateLimitWindowSeconds = null,
    string? Version = null,
    string? TenantId = null);

public sealed record CreateAccountRequest(string Login, string? Name = null, string? Email = null, string? AvatarUrl = null);

public sealed record AccountInfo(long Id, string Login, string Name, string Email, string AvatarUrl, string Uuid, string AccountId);

public sealed record RegisterAppRequest(
    string ClientId,
    string? ClientSecret,
    IReadOnlyList<string>? RedirectUris = null,
    string? Kind = null,
    bool? ExpiringTokens = null,
    bool? DeviceFlow = null,
    int? AccessTokenLifetimeSeconds = null,
    int? RefreshTokenLifetimeSeconds = null,
    string? Name = null,
    string? TokenEndpointAuthMethod = null);

/// <summary>An app as the control API shows it; the secret is never echoed.</summary>
public sealed record AppInfo(
    string ClientId,
    string Name,
    string Kind,
    bool Confidential,
    IReadOnlyList<string> RedirectUris,
    bool ExpiringTokens,
    bool DeviceFlow,
    int? AccessTokenLifetimeSeconds,
    int? RefreshTokenLifetimeSeconds,
    string? TokenEndpointAuthMethod = null);

public sealed record RegisterConsumerRequest(string PublicKeyPem, string? ConsumerKey = null, string? Name = null);

public sealed record ConsumerInfo(string ConsumerKey, string Name);

public sealed record IssuePatRequest(string? Name = null, string? Scopes = null, int? ExpiresInSeconds = null);

/// <summary>A freshly issued personal access token; the only place the control API returns a token.</summary>
public sealed record PatInfo(string Token, string Instance, string Login, string Scopes, DateTimeOffset? ExpiresAt);

public sealed record DeviceDecisionRequest(string UserCode, string? Login = null);

public sealed record TokenBody(string Token);

public sealed record IntrospectionResult(
    bool Active,
    string? Instance = null,
    string? Login = null,
    long? AccountId = null,
    DateTimeOffset? ExpiresAt = null,
    string? Kind = null,
    string? ClientId = null,
    string? Scope = null);

public sealed record SeedRepository(
    string Name,
    string? Owner = null,
    bool Private = true,
    string? DefaultBranch = null,
    string? Project = null,
    string? CloneUrl = null,
    string? SshUrl = null,
    string? HtmlUrl = null,
    string? Description = null);

public sealed record RepositoryInfo(long Id, string Name, string Owner, string FullName, bool Private, string DefaultBranch, string? Project);

public sealed record SeedInstallation(
    long? Id = null,
    string? AccountLogin = null,
    string? TargetType = null,
    string? AppSlug = null,
    string? ClientId = null,
    string? RepositorySelection = null,
    IReadOnlyList<string>? Repositories = null);

public sealed record InstallationInfo(long Id, string AccountLogin, string TargetType, string AppSlug, string? ClientId, string RepositorySelection, IReadOnlyList<string> Repositories);

public sealed record SshKeyInfo(
    string Id,
    string Login,
    string Title,
    string Key,
    string Fingerprint,
    string Algorithm,
    int Bits,
    DateTimeOffset CreatedAt,
    string? CreatedByClientId);

public sealed record FaultSpec(
    string? Instance = null,
    string? Endpoint = null,
    string? Path = null,
    string? Method = null,
    int? Status = null,
    int? Count = null,
    int? DelayMs = null,
    int? RetryAfter = null,
    bool? RateLimitHeaders = null,
    bool? Timeout = null,
    string? Body = null,
    string? ContentType = null,
    bool? AfterProcessing = null,
    bool? Drop = null);

public sealed record FaultInfo(string Id, FaultSpec Spec, int? Remaining, int Hits);

public sealed record EndpointCount(string Instance, string Endpoint, long Count);

public sealed record RefreshTokenCount(string TokenSha256, string Instance, long Presented);

public sealed record RefreshOutcomeCount(string Instance, long Succeeded, long Failed);

public sealed record CountersSnapshot(
    IReadOnlyList<EndpointCount> Endpoints,
    IReadOnlyList<RefreshTokenCount> RefreshTokens,
    IReadOnlyList<RefreshOutcomeCount> Refreshes);

public sealed record ControlError(string Error);
