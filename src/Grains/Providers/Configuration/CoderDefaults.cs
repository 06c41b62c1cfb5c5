namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// What a provider read from Coder's environment form gets instead of this service's defaults: Coder's scopes,
/// validate URL and display name (coderd/externalauth applyDefaultsToConfig), so a Coder deployment's OAuth apps are
/// asked for exactly what they were registered for. This service's extra scopes (SSH keys, email) are then missing;
/// SSH key sync reports that instead of failing the link (<see cref="SshKeyScopes"/>). URLs and the regex still
/// follow a self-hosted AuthUrl, which Coder's static defaults do not.
/// </summary>
public static class CoderDefaults
{
    public static TypeDefaults Apply(string typeName, TypeDefaults defaults) => typeName switch
    {
        ProviderTypeNames.GitHub => defaults with { Scopes = "repo workflow" },
        ProviderTypeNames.GitLab => defaults with { Scopes = "write_repository read_api", ValidateUrl = defaults.TokenUrl + "/info" },
        ProviderTypeNames.BitbucketCloud => defaults with { Scopes = "account repository:write", DisplayName = "BitBucket" },
        ProviderTypeNames.BitbucketServer when !defaults.UsesOAuth1 => defaults with { Scopes = "PUBLIC_REPOS REPO_READ REPO_WRITE" },
        ProviderTypeNames.AzureDevOps => defaults with { Scopes = "vso.code_write", ValidateUrl = null },
        // Coder asks Entra for the Azure DevOps resource with a v1 "resource" parameter and no scope; this service's
        // Entra adapter asks for the same resource through its v2 ".default" scope, so those scopes stay.
        ProviderTypeNames.AzureDevOpsEntra => defaults with { ValidateUrl = null, DisplayName = "Azure DevOps (Entra)" },
        ProviderTypeNames.Gitea => defaults with { Scopes = "read:repository write:repository read:user", ValidateUrl = GiteaUserInfo(defaults.AuthUrl!) },
        _ => defaults,
    };

    /// <summary>Gitea's OIDC userinfo sits beside its authorize endpoint (/login/oauth/...).</summary>
    private static string GiteaUserInfo(string authorizeUrl) =>
        authorizeUrl.EndsWith("/authorize", StringComparison.OrdinalIgnoreCase) ? authorizeUrl[..^"/authorize".Length] + "/userinfo" : authorizeUrl;
}
