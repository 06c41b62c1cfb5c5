namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// The OAuth scopes a provider's SSH-key API needs, so a failed key sync can say which one the configured scopes
/// lack (Coder's default scopes, for one, have none of them). GitHub Apps ignore scopes; their permissions decide.
/// </summary>
public static class SshKeyScopes
{
    /// <summary>Any one of these lets the token manage the account's SSH keys; null for types without an SSH-key API.</summary>
    public static IReadOnlyList<string>? For(ProviderType type) => type switch
    {
        ProviderType.GitHub => ["admin:public_key", "write:public_key"],
        ProviderType.GitLab => ["api"],
        ProviderType.Gitea => ["write:user", "all"],
        ProviderType.BitbucketCloud => ["account:write"],
        ProviderType.BitbucketServer => ["ACCOUNT_WRITE", "ADMIN_WRITE", "SYSTEM_ADMIN"],
        _ => null,
    };

    /// <summary>The scope to add for SSH key sync, or null when the configured scopes have one (or none is needed).</summary>
    public static string? Missing(ProviderConfig config) =>
        !config.UsesOAuth1 && For(config.Type) is { } needed && !needed.Any(config.Scopes.Contains) ? needed[0] : null;
}
