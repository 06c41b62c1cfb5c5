namespace GitIntegration.ProviderEmulator.Core;

/// <summary>The kinds of Git provider the emulator can play.</summary>
public enum ProviderType
{
    GitHub,
    GitLab,
    BitbucketCloud,
    BitbucketServer,
    Gitea,
    Entra,
    OAuth2,
}

public static class ProviderTypeNames
{
    /// <summary>The canonical name used in URLs of default instances and in the control API.</summary>
    public static string ToName(this ProviderType type) => type switch
    {
        ProviderType.GitHub => "github",
        ProviderType.GitLab => "gitlab",
        ProviderType.BitbucketCloud => "bitbucket",
        ProviderType.BitbucketServer => "bitbucket-server",
        ProviderType.Gitea => "gitea",
        ProviderType.Entra => "entra",
        ProviderType.OAuth2 => "oauth2",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Accepts the canonical names and the service's own provider type names as aliases.</summary>
    public static bool TryParse(string? value, out ProviderType type)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "github": type = ProviderType.GitHub; return true;
            case "gitlab": type = ProviderType.GitLab; return true;
            case "bitbucket" or "bitbucket-cloud": type = ProviderType.BitbucketCloud; return true;
            case "bitbucket-server" or "bitbucket-datacenter": type = ProviderType.BitbucketServer; return true;
            case "gitea" or "forgejo": type = ProviderType.Gitea; return true;
            case "entra" or "azure-devops" or "azure-devops-entra": type = ProviderType.Entra; return true;
            case "oauth2" or "generic": type = ProviderType.OAuth2; return true;
            default: type = default; return false;
        }
    }
}
