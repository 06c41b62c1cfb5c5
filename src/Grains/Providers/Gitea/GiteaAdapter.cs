using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;

namespace GitIntegration.Grains.Providers.Gitea;

/// <summary>
/// Gitea and Forgejo. Every refresh returns a new refresh token; with INVALIDATE_REFRESH_TOKENS on, a reused one
/// answers 400 unauthorized_client "token was already used" (permanent). No device flow in releases and no
/// revocation endpoint. The client authenticates with form fields only (Basic and body must not both be sent).
/// </summary>
public sealed class GiteaAdapter(ProviderConfig config, ProviderHttp http) : OAuth2Adapter(config, http)
{
    private const int PageSize = 50;

    public override bool SupportsSshKeys => true;

    protected override Task<ExternalAccount?> ReadAccountAsync(ProviderResponse response, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (response.Json() is not { ValueKind: JsonValueKind.Object } user || user.Text("id") is not { } id || user.Text("login") is not { } login)
            return Task.FromResult<ExternalAccount?>(null);
        var name = user.Text("full_name") is { Length: > 0 } fullName ? fullName : null;
        return Task.FromResult<ExternalAccount?>(new ExternalAccount(id, login, name, user.Text("email"), user.Text("avatar_url"), user.Text("html_url")));
    }

    public override Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken) =>
        ListUserKeysAsync(tokens, "limit", PageSize, cancellationToken);

    /// <summary>A duplicate answers 422 "Key content has been used as non-deploy key".</summary>
    public override Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken) =>
        AddUserKeyAsync(tokens, new Dictionary<string, object?> { ["title"] = title, ["key"] = publicKey, ["read_only"] = false }, publicKey,
            response => response.Status == 422 && response.Body.Contains("has been used as", StringComparison.OrdinalIgnoreCase), "Gitea", cancellationToken);

    public override Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken) =>
        DeleteUserKeyAsync(tokens, keyId, cancellationToken);

    /// <summary>The user's repositories; a query filters the page by name.</summary>
    public override async Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(TokenSet tokens, ExternalAccount account, string? query, int page, CancellationToken cancellationToken)
    {
        var json = await GetJsonAsync("repositories", Api($"/user/repos?limit=30&page={Math.Max(1, page)}"), tokens, cancellationToken);
        return json.Items()
            .Select(r => new RepositoryInfo(r.Text("full_name") ?? "", r.Text("html_url") ?? "", r.Text("clone_url") ?? "", r.Text("ssh_url") ?? "",
                r.Flag("private"), r.Text("default_branch")))
            .Where(r => string.IsNullOrEmpty(query) || r.FullName.Contains(query, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>Gitea takes any user name with the token as password; the login is the natural one.</summary>
    public override GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account) =>
        new(tokens.Username ?? account?.Login ?? "oauth2", tokens.AccessToken);
}
