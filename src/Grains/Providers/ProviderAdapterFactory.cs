using GitIntegration.Grains.Providers.AzureDevOps;
using GitIntegration.Grains.Providers.BitbucketCloud;
using GitIntegration.Grains.Providers.BitbucketServer;
using GitIntegration.Grains.Providers.Generic;
using GitIntegration.Grains.Providers.Gitea;
using GitIntegration.Grains.Providers.GitHub;
using GitIntegration.Grains.Providers.GitLab;
using GitIntegration.Grains.Providers.Http;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.Grains.Providers;

/// <summary>Makes the adapter of a provider's type.</summary>
public sealed class ProviderAdapterFactory(ProviderHttp http, IConfiguration configuration)
{
    public const string PublicUrlKey = "GitIntegration:PublicUrl";

    /// <param name="oauth1PrivateKeyPem">Loads the catalog's RSA private key (Bitbucket Server OAuth 1 links only).</param>
    public IProviderAdapter Create(ProviderConfig config, Func<CancellationToken, Task<string>> oauth1PrivateKeyPem) => config.Type switch
    {
        ProviderType.GitHub => new GitHubAdapter(config, http),
        ProviderType.GitLab => new GitLabAdapter(config, http, CallbackUrl(config)),
        ProviderType.BitbucketCloud => new BitbucketCloudAdapter(config, http),
        ProviderType.BitbucketServer => new BitbucketServerAdapter(config, http, oauth1PrivateKeyPem),
        ProviderType.AzureDevOps => new AzureDevOpsAdapter(config, http, CallbackUrl(config)),
        ProviderType.AzureDevOpsEntra => new AzureDevOpsEntraAdapter(config, http),
        ProviderType.Gitea => new GiteaAdapter(config, http),
        _ => new GenericOAuth2Adapter(config, http),
    };

    /// <summary>The gateway's callback route for the provider (SPEC: /external-auth/{id}/callback under PublicUrl),
    /// for token endpoints that want redirect_uri again on refresh.</summary>
    public string? CallbackUrl(ProviderConfig config) =>
        configuration[PublicUrlKey] is { Length: > 0 } publicUrl
            ? $"{publicUrl.TrimEnd('/')}/external-auth/{Uri.EscapeDataString(config.Id)}/callback"
            : null;
}
