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
    private const int MaxPages = 20;

    public override bool SupportsSshKeys => true;

    protected override Task<ExternalAccount?> ReadAccountAsync(ProviderResponse response, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (response.Json() is not { ValueKind: JsonValueKind.Object } user || user.Text("id") is not { } id || user.Text("login") is not { } login)
            return Task.FromResult<ExternalAccount?>(null);
        var name = user.Text("full_name") is { Length: > 0 } fullName ? fullName : null;
        return Task.FromResult<ExternalAccount?>(new ExternalAccount(id, login, name, user.Text("email"), user.Text("avatar_url"), user.Text("html_url")));
    }

    public override async Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken)
    {
        var keys = new List<ProviderSshKey>();
        for (var page = 1; page <= MaxPages; page++)
        {
            var json = await GetJsonAsync("list ssh keys", Api($"/user/keys?limit={PageSize}&page={page}"), tokens, cancellationToken);
            var items = json.Items().ToList();
            keys.AddRange(items.Select(k => new ProviderSshKey(k.Text("id")!, k.Text("key") ?? "", k.Text("title"))));
            if (items.Count < PageSize)
                break;
        }
        return keys;
    }

    /// <summary>A duplicate answers 422 "Key content has been used as non-deploy key".</summary>
    public override async Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?> { ["title"] = title, ["key"] = publicKey, ["read_only"] = false };
        var response = await SendApiAsync("add ssh key", () => ApiRequest(HttpMethod.Post, Api("/user/keys"), tokens, body), cancellationToken);
        if (response.Status == 422 && response.Body.Contains("has been used as", StringComparison.OrdinalIgnoreCase))
            throw new DuplicateSshKeyException($"{Config.Id}: the SSH key is already registered on Gitea ({response.Describe()}).");
        if (!response.IsSuccess || response.Json() is not { } key)
            throw ApiFailure(response, "add ssh key");
        return new ProviderSshKey(key.Text("id")!, key.Text("key") ?? publicKey, key.Text("title"));
    }

    public override async Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken)
    {
        var response = await SendApiAsync("delete ssh key",
            () => ApiRequest(HttpMethod.Delete, Api($"/user/keys/{Uri.EscapeDataString(keyId)}"), tokens), cancellationToken);
        if (!response.IsSuccess && response.Status != 404)
            throw ApiFailure(response, "delete ssh key");
    }

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
