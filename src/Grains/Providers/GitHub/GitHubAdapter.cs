using System.Text;
using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;

namespace GitIntegration.Grains.Providers.GitHub;

/// <summary>
/// GitHub.com and GitHub Enterprise Server, OAuth Apps and GitHub App user tokens. Token endpoint errors come
/// with HTTP 200 (the base checks <c>error</c> first); revocation deletes the whole grant with client Basic
/// auth; validation reads /user and, when the profile hides it, the primary verified address of /user/emails.
/// </summary>
public sealed class GitHubAdapter(ProviderConfig config, ProviderHttp http) : OAuth2Adapter(config, http)
{
    private const int PageSize = 100;

    public override bool SupportsSshKeys => true;
    public override bool SupportsInstallations => Config.AppInstallationsUrl is not null;

    protected override void AddApiHeaders(HttpRequestMessage request)
    {
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
    }

    /// <summary>DELETE /applications/{client_id}/grant (Coder's default revoke URL): every token of the app for
    /// this user goes, and with it SSH keys the app created. Success is 204.</summary>
    public override async Task<RevocationResult> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        if (!SupportsRevocation)
            return new RevocationResult(false, null);
        if (tokens.Kind == TokenKind.PersonalToken)
            return new RevocationResult(false, "a personal access token is left alone; delete it at the provider if it is no longer needed");
        if (Config.ClientSecret is null)
            return new RevocationResult(false, "revoking needs the client secret, which is not configured");
        try
        {
            var response = await Http.SendAsync($"{Config.Id} revoke", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Delete, Config.RevokeUrl);
                AddApiHeaders(request);
                request.Headers.Authorization = Basic(Config.ClientId, Config.ClientSecret);
                request.Content = new StringContent(JsonSerializer.Serialize(new { access_token = tokens.AccessToken }), Encoding.UTF8, "application/json");
                return request;
            }, cancellationToken);
            return response.Status == 204
                ? new RevocationResult(true, null)
                : new RevocationResult(false, $"failed to revoke token: {response.Describe()}");
        }
        catch (ProviderUnreachableException e)
        {
            return new RevocationResult(false, e.Message);
        }
    }

    protected override async Task<ExternalAccount?> ReadAccountAsync(ProviderResponse response, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (response.Json() is not { ValueKind: JsonValueKind.Object } user || user.Text("id") is not { } id || user.Text("login") is not { } login)
            return null;
        var email = user.Text("email") ?? await PrimaryEmailAsync(tokens, cancellationToken);
        return new ExternalAccount(id, login, user.Text("name"), email, user.Text("avatar_url"), user.Text("html_url"));
    }

    /// <summary>Best effort: without the user:email scope (or for GitHub App tokens without the permission) there is none.</summary>
    private async Task<string?> PrimaryEmailAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        try
        {
            var emails = await GetJsonAsync("emails", Api("/user/emails"), tokens, cancellationToken);
            return emails.Items().Where(e => e.Flag("primary") && e.Flag("verified")).Select(e => e.Text("email")).FirstOrDefault();
        }
        catch (ProviderApiException)
        {
            return null;
        }
    }

    public override Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken) =>
        ListUserKeysAsync(tokens, "per_page", PageSize, cancellationToken);

    /// <summary>422 naming the key field means the key is already in use (here or on another account).</summary>
    public override Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken) =>
        AddUserKeyAsync(tokens, new Dictionary<string, object?> { ["title"] = title, ["key"] = publicKey }, publicKey,
            response => response.Status == 422 && NamesKeyField(response), "GitHub", cancellationToken);

    private static bool NamesKeyField(ProviderResponse response) =>
        response.Json() is { } json && json.Items("errors").Any(e => e.Text("field") == "key")
        || response.Body.Contains("already in use", StringComparison.OrdinalIgnoreCase);

    public override Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken) =>
        DeleteUserKeyAsync(tokens, keyId, cancellationToken);

    /// <summary>GitHub App installations the user can see; other tokens (OAuth Apps, PATs) get 401/403 here: none.</summary>
    public override async Task<IReadOnlyList<AppInstallation>> ListInstallationsAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        if (!SupportsInstallations)
            return [];
        var response = await SendApiAsync("installations",
            () => ApiRequest(HttpMethod.Get, $"{Config.AppInstallationsUrl}?per_page={PageSize}", tokens), cancellationToken);
        if (response.Status is 401 or 403 or 404)
            return [];
        if (!response.IsSuccess || response.Json() is not { } json)
            throw ApiFailure(response, "installations");
        return json.Items("installations").Select(i =>
        {
            var owner = i.TryGetProperty("account", out var a) ? a : default;
            var account = new ExternalAccount(owner.Text("id") ?? "", owner.Text("login") ?? owner.Text("slug") ?? "", owner.Text("name"), null,
                owner.Text("avatar_url"), owner.Text("html_url"));
            return new AppInstallation(i.Number("id") ?? 0, account, i.Text("html_url"));
        }).ToList();
    }

    /// <summary>/user/repos, most recently updated first; a query filters the page by name.</summary>
    public override async Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(TokenSet tokens, ExternalAccount account, string? query, int page, CancellationToken cancellationToken)
    {
        var json = await GetJsonAsync("repositories", Api($"/user/repos?sort=updated&per_page=30&page={Math.Max(1, page)}"), tokens, cancellationToken);
        return json.Items()
            .Select(r => new RepositoryInfo(r.Text("full_name") ?? "", r.Text("html_url") ?? "", r.Text("clone_url") ?? "", r.Text("ssh_url") ?? "",
                r.Flag("private"), r.Text("default_branch")))
            .Where(r => string.IsNullOrEmpty(query) || r.FullName.Contains(query, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>Any non-empty username works with a token; the login is the conventional one.</summary>
    public override GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account) =>
        new(account?.Login ?? "x-access-token", tokens.AccessToken);
}
