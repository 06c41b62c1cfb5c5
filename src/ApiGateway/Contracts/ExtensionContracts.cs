using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitIntegration.ApiGateway.Contracts;

// This service's additions to Coder's API (SPEC section 5).

public sealed record PersonalTokenBody(string? Token, string? Username);

public sealed record Repository(string FullName, string HtmlUrl, string CloneUrl, string SshUrl, bool Private, string DefaultBranch);

/// <summary>Manual and PublicKey are sent only for providers without an SSH-key API (Azure DevOps): the key to add by hand.</summary>
public sealed record ProviderSshKey(
    bool Synced,
    string KeyId,
    string Fingerprint,
    DateTime? SyncedAt,
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Manual = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PublicKey = null);

public sealed record GitSshKey(string UserId, DateTime CreatedAt, DateTime UpdatedAt, string PublicKey);

public sealed record GitSshPrivateKey(string UserId, string PublicKey, string PrivateKey);

/// <summary>200 from GET /api/v2/git/credentials when the user has a valid link.</summary>
public sealed record GitCredentials(
    string ProviderId,
    string Type,
    string Username,
    string Password,
    string AccessToken,
    DateTime? ExpiresAt,
    IReadOnlyDictionary<string, JsonElement> TokenExtra);

/// <summary>200 from GET /api/v2/git/credentials when a provider matches but the user must link first.</summary>
public sealed record GitCredentialsLinkRequired(string Url);

public sealed record GitCredentialsErase(string? Url, string? Password);
