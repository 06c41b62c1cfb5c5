using System.Text.RegularExpressions;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers;

public enum ProviderType { GitHub, GitLab, BitbucketCloud, BitbucketServer, AzureDevOps, AzureDevOpsEntra, Gitea, Generic }

/// <summary>How a confidential client proves itself at the token, device authorization and revocation endpoints
/// (RFC 6749 §2.3.1, RFC 8628 §3.1, RFC 7009 §2.1): HTTP Basic, or client_id and client_secret in the form body.</summary>
public enum ClientAuthMethod { ClientSecretPost, ClientSecretBasic }

/// <summary>
/// A provider with every default of its type applied (URLs, scopes, regex; self-hosted hosts derived from
/// AuthUrl). Built from a <see cref="ProviderDefinition"/> by the provider directory; immutable.
/// </summary>
public sealed record ProviderConfig
{
    public required string Id { get; init; }
    public required ProviderType Type { get; init; }

    /// <summary>The type string as configured, canonical (github, gitlab, bitbucket-cloud, ..., or a Coder type such as
    /// slack that runs on the generic adapter); what the API reports as the provider's type.</summary>
    public required string TypeName { get; init; }
    public required string DisplayName { get; init; }
    public required string DisplayIcon { get; init; }
    public required string ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public required string AuthUrl { get; init; }
    public required string TokenUrl { get; init; }
    public string? ValidateUrl { get; init; }
    public string? RevokeUrl { get; init; }
    public string? ApiBaseUrl { get; init; }
    public bool DeviceFlow { get; init; }
    public string? DeviceCodeUrl { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public Regex? Regex { get; init; }
    public bool NoRefresh { get; init; }

    /// <summary>PKCE S256 on the web flow (false when the setting is "none").</summary>
    public bool UsePkce { get; init; }
    public string? AppInstallUrl { get; init; }
    public string? AppInstallationsUrl { get; init; }
    public bool AllowSignIn { get; init; }

    /// <summary>Bitbucket Server: OAuth 1.0a consumer key of the application link (default GitIntegration).</summary>
    public string ConsumerKey { get; init; } = "GitIntegration";

    /// <summary>Bitbucket Server: true when AuthUrl points at the OAuth 1.0a endpoints (7.19 and older).</summary>
    public bool UsesOAuth1 { get; init; }

    /// <summary>Coder's EXTRA_TOKEN_KEYS: only these fields of the token response are kept as token_extra, each as its
    /// raw JSON. Null: this service's own rule (the response's other scalar fields, as text).</summary>
    public IReadOnlyList<string>? ExtraTokenKeys { get; init; }
    public ProviderSource Source { get; init; }

    /// <summary>client_secret_basic or client_secret_post; each type has its default (generic: basic, as RFC 6749 requires
    /// servers to support it). A client without a secret sends only client_id in the body.</summary>
    public ClientAuthMethod ClientAuthMethod { get; init; }

    public override string ToString() => $"{Id} ({TypeName})"; // never the secret
}
