namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>The SPEC's type strings and their <see cref="ProviderType"/>.</summary>
public static class ProviderTypeNames
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";
    public const string BitbucketCloud = "bitbucket-cloud";
    public const string BitbucketServer = "bitbucket-server";
    public const string AzureDevOps = "azure-devops";
    public const string AzureDevOpsEntra = "azure-devops-entra";
    public const string Gitea = "gitea";
    public const string Generic = "generic";

    public static IReadOnlyList<string> All { get; } =
        [GitHub, GitLab, BitbucketCloud, BitbucketServer, AzureDevOps, AzureDevOpsEntra, Gitea, Generic];

    /// <summary>Case-insensitive; accepts Coder's legacy "bitbucket" for Bitbucket Cloud.</summary>
    public static bool TryParse(string? value, out ProviderType type)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case GitHub: type = ProviderType.GitHub; return true;
            case GitLab: type = ProviderType.GitLab; return true;
            case BitbucketCloud or "bitbucket": type = ProviderType.BitbucketCloud; return true;
            case BitbucketServer: type = ProviderType.BitbucketServer; return true;
            case AzureDevOps: type = ProviderType.AzureDevOps; return true;
            case AzureDevOpsEntra: type = ProviderType.AzureDevOpsEntra; return true;
            case Gitea: type = ProviderType.Gitea; return true;
            case Generic: type = ProviderType.Generic; return true;
            default: type = default; return false;
        }
    }

    public static string ToName(this ProviderType type) => type switch
    {
        ProviderType.GitHub => GitHub,
        ProviderType.GitLab => GitLab,
        ProviderType.BitbucketCloud => BitbucketCloud,
        ProviderType.BitbucketServer => BitbucketServer,
        ProviderType.AzureDevOps => AzureDevOps,
        ProviderType.AzureDevOpsEntra => AzureDevOpsEntra,
        ProviderType.Gitea => Gitea,
        ProviderType.Generic => Generic,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
