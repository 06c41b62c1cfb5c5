using System.Text.Json;
using Duende.IdentityModel.Client;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;

namespace GitIntegration.Grains.Providers.GitLab;

/// <summary>
/// GitLab.com and self-managed GitLab. Refresh rotates the pair (the old refresh token answers 400
/// invalid_grant afterwards) and sends redirect_uri as GitLab documents; revocation is RFC 7009 at /oauth/revoke;
/// device flow at /oauth/authorize_device (GitLab 17.3+).
/// </summary>
/// <param name="callbackUrl">This service's callback URL for the provider, sent with refreshes; null when unknown.</param>
public sealed class GitLabAdapter(ProviderConfig config, ProviderHttp http, string? callbackUrl) : OAuth2Adapter(config, http)
{
    private const int PageSize = 100;

    public override bool SupportsSshKeys => true;

    protected override Parameters RefreshParameters(TokenSet current)
    {
        var parameters = base.RefreshParameters(current);
        if (callbackUrl is not null)
            parameters.Add("redirect_uri", callbackUrl);
        return parameters;
    }

    protected override Task<ExternalAccount?> ReadAccountAsync(ProviderResponse response, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (response.Json() is not { ValueKind: JsonValueKind.Object } user || user.Text("id") is not { } id || user.Text("username") is not { } login)
            return Task.FromResult<ExternalAccount?>(null);
        var email = user.Text("email") is { Length: > 0 } e ? e : user.Text("public_email");
        return Task.FromResult<ExternalAccount?>(new ExternalAccount(id, login, user.Text("name"), email, user.Text("avatar_url"), user.Text("web_url")));
    }

    public override Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken) =>
        ListUserKeysAsync(tokens, "per_page", PageSize, cancellationToken);

    /// <summary>A duplicate answers 400 {"message":{"fingerprint":["has already been taken"],...}}.</summary>
    public override Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken) =>
        AddUserKeyAsync(tokens, new Dictionary<string, object?> { ["title"] = title, ["key"] = publicKey }, publicKey,
            response => response.Status == 400 && response.Body.Contains("already been taken", StringComparison.OrdinalIgnoreCase), "GitLab", cancellationToken);

    public override Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken) =>
        DeleteUserKeyAsync(tokens, keyId, cancellationToken);

    /// <summary>Projects the user is a member of, most recently active first, searched by GitLab.</summary>
    public override async Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(TokenSet tokens, ExternalAccount account, string? query, int page, CancellationToken cancellationToken)
    {
        var url = Api($"/projects?membership=true&order_by=last_activity_at&per_page=30&page={Math.Max(1, page)}");
        if (!string.IsNullOrEmpty(query))
            url += "&search=" + Uri.EscapeDataString(query);
        var json = await GetJsonAsync("repositories", url, tokens, cancellationToken);
        return json.Items().Select(p => new RepositoryInfo(
            p.Text("path_with_namespace") ?? p.Text("name") ?? "",
            p.Text("web_url") ?? "",
            p.Text("http_url_to_repo") ?? "",
            p.Text("ssh_url_to_repo") ?? "",
            p.Text("visibility") is not "public",
            p.Text("default_branch"))).ToList();
    }

    /// <summary>GitLab's documented username for OAuth tokens over HTTPS; it accepts any name with a personal token too.</summary>
    public override GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account) => new("oauth2", tokens.AccessToken);
}
