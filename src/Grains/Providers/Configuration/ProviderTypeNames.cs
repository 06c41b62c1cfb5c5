namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// Type strings and the adapter family (<see cref="ProviderType"/>) each one uses. A type string is kept as the
/// provider's TypeName (what the API reports), so Coder's non-Git types (jfrog, slack, or any other name in
/// Coder's form) stay themselves while they run on the generic OAuth 2 adapter.
/// </summary>
public static class ProviderTypeNames
{
    public const string GitHub = "github";
    public const string GitLab = "gitlab";
    public const string BitbucketCloud = "bitbucket-cloud";
    public const string BitbucketServer = "bitbucket-server";
    public const string AzureDevOps = "azure-devops";
    public const string AzureDevOpsEntra = "azure-devops-entra";
    public const string Gitea = "gitea";
    public const string JFrog = "jfrog";
    public const string Slack = "slack";
    public const string Generic = "generic";

    /// <summary>Coder's legacy name of Bitbucket Cloud.</summary>
    public const string LegacyBitbucket = "bitbucket";

    public static IReadOnlyList<string> All { get; } =
        [GitHub, GitLab, BitbucketCloud, BitbucketServer, AzureDevOps, AzureDevOpsEntra, Gitea, JFrog, Slack, Generic];

    /// <summary>Trimmed and lower-cased (Coder matches types case-insensitively); the legacy "bitbucket" becomes bitbucket-cloud.</summary>
    public static string Canonical(string value)
    {
        var name = value.Trim().ToLowerInvariant();
        return name == LegacyBitbucket ? BitbucketCloud : name;
    }

    public static bool IsKnown(string canonical) => All.Contains(canonical);

    /// <summary>The adapter family of a canonical type string; any name this service has no adapter for is generic OAuth 2.</summary>
    public static ProviderType TypeOf(string canonical) => canonical switch
    {
        GitHub => ProviderType.GitHub,
        GitLab => ProviderType.GitLab,
        BitbucketCloud => ProviderType.BitbucketCloud,
        BitbucketServer => ProviderType.BitbucketServer,
        AzureDevOps => ProviderType.AzureDevOps,
        AzureDevOpsEntra => ProviderType.AzureDevOpsEntra,
        Gitea => ProviderType.Gitea,
        _ => ProviderType.Generic,
    };

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
