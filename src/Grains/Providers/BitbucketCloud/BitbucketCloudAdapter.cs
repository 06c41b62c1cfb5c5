using System.Net.Http.Headers;
using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;

namespace GitIntegration.Grains.Providers.BitbucketCloud;

/// <summary>
/// Bitbucket Cloud. The client authenticates at the token endpoint with HTTP Basic (the type's default); since May 2026 refresh
/// tokens rotate (the old one dies minutes after use) and a bad one answers invalid_grant or, historically,
/// invalid_request (both permanent). There is no revocation endpoint. Accounts are addressed by uuid.
/// App passwords and Atlassian API tokens are personal tokens sent with Basic and the account's username.
/// </summary>
public sealed class BitbucketCloudAdapter(ProviderConfig config, ProviderHttp http) : OAuth2Adapter(config, http)
{
    public const string GitUsername = "x-token-auth";
    private const int MaxPages = 10;

    public override bool SupportsSshKeys => true;

    protected override void Authorize(HttpRequestMessage request, TokenSet tokens)
    {
        if (tokens.Kind == TokenKind.PersonalToken && tokens.Username is { } username)
            request.Headers.Authorization = Basic(username, tokens.AccessToken);
        else
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
    }

    protected override async Task<ExternalAccount?> ReadAccountAsync(ProviderResponse response, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (response.Json() is not { ValueKind: JsonValueKind.Object } user || user.Text("uuid") is not { } uuid)
            return null;
        var login = user.Text("username") ?? user.Text("nickname") ?? user.Text("account_id") ?? uuid;
        return new ExternalAccount(uuid, login, user.Text("display_name"), await PrimaryEmailAsync(tokens, cancellationToken),
            user.Path("links", "avatar", "href"), user.Path("links", "html", "href"));
    }

    /// <summary>Best effort: needs the email scope.</summary>
    private async Task<string?> PrimaryEmailAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        try
        {
            var emails = await GetJsonAsync("emails", Api("/user/emails"), tokens, cancellationToken);
            return emails.Items("values").Where(e => e.Flag("is_primary") && e.Flag("is_confirmed")).Select(e => e.Text("email")).FirstOrDefault();
        }
        catch (ProviderApiException)
        {
            return null;
        }
    }

    public override async Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken)
    {
        var keys = new List<ProviderSshKey>();
        string? url = KeysUrl(account) + "?pagelen=100";
        for (var page = 0; url is not null && page < MaxPages; page++)
        {
            var json = await GetJsonAsync("list ssh keys", url, tokens, cancellationToken);
            keys.AddRange(json.Items("values").Select(k => new ProviderSshKey(k.Text("uuid")!, k.Text("key") ?? "", k.Text("label"))));
            url = json.Text("next");
        }
        return keys;
    }

    /// <summary>A duplicate answers 400 "Someone has already added that SSH key."</summary>
    public override async Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?> { ["key"] = publicKey, ["label"] = title };
        var response = await SendApiAsync("add ssh key", () => ApiRequest(HttpMethod.Post, KeysUrl(account), tokens, body), cancellationToken);
        if (response.Status == 400 && response.Body.Contains("already", StringComparison.OrdinalIgnoreCase))
            throw new DuplicateSshKeyException($"{Config.Id}: the SSH key is already registered on Bitbucket ({response.Describe()}).");
        if (!response.IsSuccess || response.Json() is not { } key)
            throw ApiFailure(response, "add ssh key");
        return new ProviderSshKey(key.Text("uuid")!, key.Text("key") ?? publicKey, key.Text("label"));
    }

    public override async Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken)
    {
        var response = await SendApiAsync("delete ssh key",
            () => ApiRequest(HttpMethod.Delete, $"{KeysUrl(account)}/{Uri.EscapeDataString(keyId)}", tokens), cancellationToken);
        if (!response.IsSuccess && response.Status != 404)
            throw ApiFailure(response, "delete ssh key");
    }

    /// <summary>Repositories the user is a member of, most recently updated first; the query filters by name (at
    /// Bitbucket with q=, and again here for servers that ignore it).</summary>
    public override async Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(TokenSet tokens, ExternalAccount account, string? query, int page, CancellationToken cancellationToken)
    {
        var url = Api($"/repositories?role=member&sort=-updated_on&pagelen=30&page={Math.Max(1, page)}");
        if (!string.IsNullOrEmpty(query))
            url += "&q=" + Uri.EscapeDataString($"name ~ \"{query.Replace("\"", "")}\"");
        var json = await GetJsonAsync("repositories", url, tokens, cancellationToken);
        return json.Items("values").Select(r =>
        {
            var clone = r.TryGetProperty("links", out var links) ? links.Items("clone").ToList() : [];
            string Clone(string name) => clone.Where(c => c.Text("name") == name).Select(c => c.Text("href")).FirstOrDefault() ?? "";
            return new RepositoryInfo(r.Text("full_name") ?? "", r.Path("links", "html", "href") ?? "", WithoutUser(Clone("https")), Clone("ssh"),
                r.Flag("is_private"), r.Path("mainbranch", "name"));
        }).Where(r => string.IsNullOrEmpty(query) || r.FullName.Contains(query, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>OAuth and access tokens need the literal x-token-auth; app passwords and API tokens go with the username.</summary>
    public override GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account) =>
        new(tokens.Kind == TokenKind.PersonalToken && tokens.Username is { } username ? username : GitUsername, tokens.AccessToken);

    private string KeysUrl(ExternalAccount account) => Api($"/users/{Uri.EscapeDataString(account.Id)}/ssh-keys");

    /// <summary>Bitbucket puts the caller's username in https clone links; the credential helper supplies it instead.</summary>
    private static string WithoutUser(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}
