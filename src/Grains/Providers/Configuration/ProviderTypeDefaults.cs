using System.Text.RegularExpressions;

namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>What a provider type fills in when a setting is left empty.</summary>
public sealed record TypeDefaults
{
    public string? AuthUrl { get; init; }
    public string? TokenUrl { get; init; }
    public string? ValidateUrl { get; init; }
    public string? RevokeUrl { get; init; }
    public string? ApiBaseUrl { get; init; }
    public string? DeviceCodeUrl { get; init; }
    public string? AppInstallationsUrl { get; init; }
    public string Scopes { get; init; } = "";
    public string? Regex { get; init; }
    public bool UsePkce { get; init; }
    public string DisplayName { get; init; } = "";
    public string DisplayIcon { get; init; } = ProviderTypeDefaults.KeyIcon;
    public bool UsesOAuth1 { get; init; }
    public ClientAuthMethod ClientAuthMethod { get; init; } = ClientAuthMethod.ClientSecretPost;

    /// <summary>False where the adapter's protocol fixes the method (GitHub through Octokit, Azure DevOps' assertion).</summary>
    public bool ClientAuthMethodConfigurable { get; init; } = true;

    /// <summary>Fields of the token response kept as token_extra (Coder's EXTRA_TOKEN_KEYS); null: no such default.</summary>
    public IReadOnlyList<string>? ExtraTokenKeys { get; init; }
}

/// <summary>
/// The public defaults of each provider type (Coder's table), with self-hosted hosts derived from AuthUrl: when
/// AuthUrl points somewhere other than the public service, every URL and the regex follow its host and any path
/// prefix in front of the type's authorize path. Scopes add what this service's own features need (SSH keys,
/// the account's email) to Coder's defaults; a provider read from Coder's form gets Coder's own
/// (<see cref="CoderDefaults"/>). Coder's non-Git types (jfrog, slack) run on the generic adapter with Coder's defaults.
/// </summary>
public static class ProviderTypeDefaults
{
    public const string KeyIcon = "/emojis/1f511.png";
    public const string AzureDevOpsResource = "499b84ac-1321-427f-aa17-267ca6975798";

    /// <param name="typeName">The canonical type string (<see cref="ProviderTypeNames.Canonical"/>).</param>
    /// <param name="authUrl">The configured AuthUrl (already checked to be absolute), or null.</param>
    /// <param name="apiBaseUrl">The configured ApiBaseUrl, or null; API URLs are derived from it when set.</param>
    public static TypeDefaults For(string typeName, string? authUrl, string? apiBaseUrl, string clientId) => ProviderTypeNames.TypeOf(typeName) switch
    {
        ProviderType.GitHub => GitHub(authUrl, apiBaseUrl, clientId),
        ProviderType.GitLab => GitLab(authUrl, apiBaseUrl),
        ProviderType.BitbucketCloud => BitbucketCloud(authUrl, apiBaseUrl),
        ProviderType.BitbucketServer => BitbucketServer(authUrl!, apiBaseUrl),
        ProviderType.AzureDevOps => AzureDevOps(authUrl, apiBaseUrl),
        ProviderType.AzureDevOpsEntra => AzureDevOpsEntra(authUrl, apiBaseUrl),
        ProviderType.Gitea => Gitea(authUrl, apiBaseUrl),
        _ when typeName == ProviderTypeNames.Slack => Slack(),
        _ when typeName == ProviderTypeNames.JFrog => JFrog(authUrl, clientId),
        _ => new TypeDefaults { UsePkce = true, ClientAuthMethod = ClientAuthMethod.ClientSecretBasic },
    };

    private static TypeDefaults GitHub(string? authUrl, string? apiBaseUrl, string clientId)
    {
        const string authorizePath = "/login/oauth/authorize";
        var (root, isPublic) = Root(authUrl, authorizePath, "https://github.com");
        var api = apiBaseUrl ?? (isPublic ? "https://api.github.com" : root + "/api/v3");
        return new TypeDefaults
        {
            AuthUrl = root + authorizePath,
            TokenUrl = root + "/login/oauth/access_token",
            DeviceCodeUrl = root + "/login/device/code",
            ApiBaseUrl = api,
            ValidateUrl = api + "/user",
            RevokeUrl = $"{api}/applications/{Uri.EscapeDataString(clientId)}/grant",
            AppInstallationsUrl = api + "/user/installations",
            Scopes = "repo workflow admin:public_key user:email",
            Regex = RegexFor(root),
            UsePkce = true,
            DisplayName = "GitHub",
            DisplayIcon = "/icon/github.svg",
            ClientAuthMethodConfigurable = false,
        };
    }

    private static TypeDefaults GitLab(string? authUrl, string? apiBaseUrl)
    {
        const string authorizePath = "/oauth/authorize";
        var (root, _) = Root(authUrl, authorizePath, "https://gitlab.com");
        var api = apiBaseUrl ?? root + "/api/v4";
        return new TypeDefaults
        {
            AuthUrl = root + authorizePath,
            TokenUrl = root + "/oauth/token",
            RevokeUrl = root + "/oauth/revoke",
            DeviceCodeUrl = root + "/oauth/authorize_device",
            ApiBaseUrl = api,
            ValidateUrl = api + "/user",
            Scopes = "api read_user write_repository",
            Regex = RegexFor(root),
            UsePkce = true,
            DisplayName = "GitLab",
            DisplayIcon = "/icon/gitlab.svg",
        };
    }

    private static TypeDefaults BitbucketCloud(string? authUrl, string? apiBaseUrl)
    {
        const string authorizePath = "/site/oauth2/authorize";
        var (root, isPublic) = Root(authUrl, authorizePath, "https://bitbucket.org");
        var api = apiBaseUrl ?? (isPublic ? "https://api.bitbucket.org/2.0" : root + "/api/2.0");
        return new TypeDefaults
        {
            AuthUrl = root + authorizePath,
            TokenUrl = root + "/site/oauth2/access_token",
            ApiBaseUrl = api,
            ValidateUrl = api + "/user",
            Scopes = "account account:write email repository:write",
            Regex = RegexFor(root),
            ClientAuthMethod = ClientAuthMethod.ClientSecretBasic,
            DisplayName = "Bitbucket Cloud",
            DisplayIcon = "/icon/bitbucket.svg",
        };
    }

    /// <summary>ApiBaseUrl of Bitbucket Server is the server root: the REST APIs live under /rest/api and /rest/ssh.</summary>
    private static TypeDefaults BitbucketServer(string authUrl, string? apiBaseUrl)
    {
        const string oauth1Path = "/plugins/servlet/oauth";
        var usesOAuth1 = authUrl.Contains(oauth1Path, StringComparison.OrdinalIgnoreCase);
        var (root, _) = Root(authUrl, usesOAuth1 ? oauth1Path : "/rest/oauth2/", publicRoot: null);
        var api = apiBaseUrl ?? root;
        return new TypeDefaults
        {
            AuthUrl = usesOAuth1 ? root + oauth1Path + "/authorize" : root + "/rest/oauth2/latest/authorize",
            TokenUrl = usesOAuth1 ? root + oauth1Path + "/access-token" : root + "/rest/oauth2/latest/token",
            ApiBaseUrl = api,
            ValidateUrl = api + "/rest/api/latest/inbox/pull-requests/count",
            Scopes = usesOAuth1 ? "" : "PUBLIC_REPOS REPO_READ REPO_WRITE ACCOUNT_WRITE",
            Regex = RegexFor(root),
            DisplayName = "Bitbucket Server",
            DisplayIcon = "/icon/bitbucket.svg",
            UsesOAuth1 = usesOAuth1,
        };
    }

    private static TypeDefaults AzureDevOps(string? authUrl, string? apiBaseUrl)
    {
        const string authorizePath = "/oauth2/authorize";
        var (root, isPublic) = Root(authUrl, authorizePath, "https://app.vssps.visualstudio.com");
        var api = apiBaseUrl ?? root;
        return new TypeDefaults
        {
            AuthUrl = root + authorizePath,
            TokenUrl = root + "/oauth2/token",
            ApiBaseUrl = api,
            ValidateUrl = api + "/_apis/profile/profiles/me?api-version=7.1",
            Scopes = "vso.code_write vso.profile",
            Regex = isPublic ? AzureReposRegex : RegexFor(root),
            DisplayName = "Azure DevOps",
            DisplayIcon = "/icon/azure-devops.svg",
            ClientAuthMethodConfigurable = false,
        };
    }

    /// <summary>Entra v2.0 endpoints; the token and device URLs sit next to the authorize URL (same tenant).</summary>
    private static TypeDefaults AzureDevOpsEntra(string? authUrl, string? apiBaseUrl)
    {
        var authorize = authUrl ?? "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize";
        var endpoints = authorize.EndsWith("/authorize", StringComparison.OrdinalIgnoreCase)
            ? authorize[..^"/authorize".Length]
            : authorize.TrimEnd('/');
        var api = apiBaseUrl ?? "https://app.vssps.visualstudio.com";
        return new TypeDefaults
        {
            AuthUrl = authorize,
            TokenUrl = endpoints + "/token",
            DeviceCodeUrl = endpoints + "/devicecode",
            ApiBaseUrl = api,
            ValidateUrl = api + "/_apis/profile/profiles/me?api-version=7.1",
            Scopes = AzureDevOpsResource + "/.default offline_access",
            Regex = AzureReposRegex,
            DisplayName = "Azure DevOps (Entra ID)",
            DisplayIcon = "/icon/azure-devops.svg",
        };
    }

    private static TypeDefaults Gitea(string? authUrl, string? apiBaseUrl)
    {
        const string authorizePath = "/login/oauth/authorize";
        var (root, _) = Root(authUrl, authorizePath, "https://gitea.com");
        var api = apiBaseUrl ?? root + "/api/v1";
        return new TypeDefaults
        {
            AuthUrl = root + authorizePath,
            TokenUrl = root + "/login/oauth/access_token",
            ApiBaseUrl = api,
            ValidateUrl = api + "/user",
            Scopes = "read:repository write:repository read:user write:user",
            Regex = RegexFor(root),
            UsePkce = true,
            DisplayName = "Gitea",
            DisplayIcon = "/icon/gitea.svg",
        };
    }

    /// <summary>Coder's static Slack defaults: authed_user (the user token and id) is what a Slack link is for.</summary>
    private static TypeDefaults Slack() => new()
    {
        AuthUrl = "https://slack.com/oauth/v2/authorize",
        TokenUrl = "https://slack.com/api/oauth.v2.access",
        RevokeUrl = "https://slack.com/api/auth.revoke",
        ExtraTokenKeys = ["authed_user"],
        DisplayName = "Slack",
    };

    /// <summary>JFrog Artifactory: every URL hangs off the instance in AuthUrl (Coder's defaults); no regex, it serves more than git.</summary>
    private static TypeDefaults JFrog(string? authUrl, string clientId)
    {
        var defaults = new TypeDefaults { Scopes = "applied-permissions/user", DisplayName = "JFrog Artifactory" };
        if (authUrl is null)
            return defaults;
        var root = new Uri(authUrl).GetLeftPart(UriPartial.Authority);
        return defaults with
        {
            TokenUrl = $"{root}/access/api/v1/integrations/{Uri.EscapeDataString(clientId)}/token",
            ValidateUrl = root + "/access/api/v1/system/ping",
        };
    }

    private const string AzureReposRegex = @"^(https?://)?([a-z0-9-]+@)?dev\.azure\.com(/.*)?$";

    /// <summary>
    /// The instance root (scheme, host, port and any path prefix before <paramref name="knownPath"/>) of AuthUrl,
    /// or <paramref name="publicRoot"/> when AuthUrl is unset or on the public host (Bitbucket Server has none).
    /// </summary>
    private static (string Root, bool IsPublic) Root(string? authUrl, string knownPath, string? publicRoot)
    {
        if (authUrl is null)
            return (publicRoot!, true);
        var uri = new Uri(authUrl);
        if (publicRoot is not null && string.Equals(uri.Host, new Uri(publicRoot).Host, StringComparison.OrdinalIgnoreCase))
            return (publicRoot, true);
        var path = uri.AbsolutePath;
        var at = path.IndexOf(knownPath, StringComparison.OrdinalIgnoreCase);
        var prefix = at >= 0 ? path[..at] : "";
        return ($"{uri.Scheme}://{uri.Authority}{prefix.TrimEnd('/')}", false);
    }

    /// <summary>Coder's form, ^(https?://)?host(/.*)?$, with the port and path prefix of a self-hosted instance.</summary>
    private static string RegexFor(string root)
    {
        var uri = new Uri(root);
        var hostAndPath = uri.Authority + uri.AbsolutePath.TrimEnd('/');
        return $"^(https?://)?{Regex.Escape(hostAndPath)}(/.*)?$";
    }
}
