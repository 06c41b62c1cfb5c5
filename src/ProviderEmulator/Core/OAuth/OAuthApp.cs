using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ProviderEmulator.Core.OAuth;

public enum AppKind
{
    OAuthApp,
    GitHubApp,
}

/// <summary>A registered OAuth client (GitHub OAuth App or GitHub App, GitLab application, Bitbucket consumer, ...).</summary>
public sealed class OAuthApp
{
    public required string ClientId { get; init; }
    /// <summary>Null or empty for a public client, which must use PKCE.</summary>
    public string? ClientSecret { get; init; }
    public required IReadOnlyList<string> RedirectUris { get; init; }
    public required string Name { get; init; }
    public AppKind Kind { get; init; }
    public bool ExpiringTokens { get; init; }
    public bool DeviceFlow { get; init; }
    public int? AccessTokenLifetimeSeconds { get; init; }
    public int? RefreshTokenLifetimeSeconds { get; init; }

    /// <summary>RFC 7591 token_endpoint_auth_method: client_secret_basic or client_secret_post makes the token,
    /// device authorization and revocation endpoints insist on it; null accepts either (and none for public clients).</summary>
    public string? TokenEndpointAuthMethod { get; init; }

    public bool IsConfidential => !string.IsNullOrEmpty(ClientSecret);

    public string Slug => Name.ToLowerInvariant().Replace(' ', '-');

    public bool SecretMatches(string? secret) =>
        IsConfidential && secret is not null &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(ClientSecret!));

    public AppInfo ToInfo() => new(
        ClientId, Name, Kind == AppKind.GitHubApp ? "github-app" : "oauth-app", IsConfidential, RedirectUris,
        ExpiringTokens, DeviceFlow, AccessTokenLifetimeSeconds, RefreshTokenLifetimeSeconds, TokenEndpointAuthMethod);
}

/// <summary>The registered apps of one instance.</summary>
public sealed class AppRegistry(Lock gate)
{
    private readonly Dictionary<string, OAuthApp> _apps = new(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) an app. Defaults follow the provider: GitHub Apps expire tokens, OAuth Apps do not;
    /// device flow must be switched on for GitHub and is on elsewhere where the provider has one.</summary>
    public OAuthApp Register(RegisterAppRequest request, ProviderProfile profile)
    {
        if (string.IsNullOrWhiteSpace(request.ClientId))
        {
            throw new ArgumentException("client_id is required");
        }

        var kind = request.Kind?.ToLowerInvariant() switch
        {
            null or "" or "oauth-app" or "oauth_app" => AppKind.OAuthApp,
            "github-app" or "github_app" when profile.Type == ProviderType.GitHub => AppKind.GitHubApp,
            var other => throw new ArgumentException($"kind '{other}' is not valid for a {profile.Type.ToName()} instance"),
        };
        var authMethod = request.TokenEndpointAuthMethod?.ToLowerInvariant() switch
        {
            null or "" => null,
            "client_secret_basic" or "client_secret_post" when !string.IsNullOrEmpty(request.ClientSecret) => request.TokenEndpointAuthMethod.ToLowerInvariant(),
            var other => throw new ArgumentException($"token_endpoint_auth_method '{other}' is not client_secret_basic or client_secret_post (with a secret)"),
        };
        var app = new OAuthApp
        {
            ClientId = request.ClientId,
            ClientSecret = request.ClientSecret,
            RedirectUris = request.RedirectUris?.ToList() ?? [],
            Name = string.IsNullOrWhiteSpace(request.Name) ? request.ClientId : request.Name,
            Kind = kind,
            ExpiringTokens = request.ExpiringTokens ?? kind == AppKind.GitHubApp,
            DeviceFlow = profile.SupportsDeviceFlow && (request.DeviceFlow ?? profile.DeviceFlowOnByDefault),
            AccessTokenLifetimeSeconds = request.AccessTokenLifetimeSeconds,
            RefreshTokenLifetimeSeconds = request.RefreshTokenLifetimeSeconds,
            TokenEndpointAuthMethod = authMethod,
        };
        lock (gate)
        {
            _apps[app.ClientId] = app;
        }

        return app;
    }

    public OAuthApp? Find(string? clientId)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return null;
        }

        lock (gate)
        {
            return _apps.GetValueOrDefault(clientId);
        }
    }

    public IReadOnlyList<OAuthApp> All()
    {
        lock (gate)
        {
            return _apps.Values.ToList();
        }
    }
}
