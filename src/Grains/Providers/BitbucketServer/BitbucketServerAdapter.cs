using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;

namespace GitIntegration.Grains.Providers.BitbucketServer;

/// <summary>
/// Bitbucket Server / Data Center. OAuth 2 at /rest/oauth2/latest (7.20+), or, when AuthUrl points at
/// /plugins/servlet/oauth, an OAuth 1.0a application link whose requests are RSA-SHA1 signed with the catalog's
/// key. There is no "current user" endpoint: the X-AUSERNAME header of an authenticated call names the user.
/// ApiBaseUrl is the server root. No device flow, no revocation endpoint.
/// </summary>
/// <param name="privateKeyPem">Loads the RSA private key (PEM) of the OAuth 1 application link.</param>
public sealed class BitbucketServerAdapter(ProviderConfig config, ProviderHttp http, Func<CancellationToken, Task<string>> privateKeyPem)
    : OAuth2Adapter(config, http)
{
    public const string GitUsername = "x-token-auth";
    private const int PageSize = 100;
    private const int MaxPages = 10;

    private readonly BitbucketServerOAuth1Flow _oauth1 = new(config, http);
    private OAuth1Signer? _signer;

    public override bool SupportsSshKeys => true;
    public override bool SupportsDeviceFlow => !Config.UsesOAuth1 && base.SupportsDeviceFlow;

    public override async Task<AuthorizeStart> BeginAuthorizeAsync(AuthorizeRequest request, CancellationToken cancellationToken) =>
        Config.UsesOAuth1
            ? await _oauth1.BeginAsync(await SignerAsync(cancellationToken), request, cancellationToken)
            : await base.BeginAuthorizeAsync(request, cancellationToken);

    public override async Task<TokenSet> CompleteAuthorizeAsync(AuthorizeCompletion completion, CancellationToken cancellationToken) =>
        Config.UsesOAuth1
            ? await _oauth1.CompleteAsync(await SignerAsync(cancellationToken), completion, cancellationToken)
            : await base.CompleteAuthorizeAsync(completion, cancellationToken);

    public override async Task<ValidationResult> ValidateAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        await PrepareAsync(tokens, cancellationToken);
        return await base.ValidateAsync(tokens, cancellationToken);
    }

    protected override void Authorize(HttpRequestMessage request, TokenSet tokens)
    {
        if (tokens.Kind == TokenKind.OAuth1)
            (_signer ?? throw new InvalidOperationException("The OAuth 1 signing key was not loaded.")).Sign(request, tokens.AccessToken);
        else
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
    }

    /// <summary>The validation answer names the user in X-AUSERNAME; the profile comes from /users/{slug}.</summary>
    protected override async Task<ExternalAccount?> ReadAccountAsync(ProviderResponse response, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (response.Header("X-AUSERNAME") is not { Length: > 0 } slug)
            return null;
        var fallback = new ExternalAccount(response.Header("X-AUSERID") ?? slug, slug);
        try
        {
            var user = await GetJsonAsync("user", Api($"/rest/api/latest/users/{Uri.EscapeDataString(slug)}?avatarSize=64"), tokens, cancellationToken);
            var profile = user.TryGetProperty("links", out var links) ? links.Items("self").Select(l => l.Text("href")).FirstOrDefault() : null;
            return new ExternalAccount(user.Text("id") ?? fallback.Id, user.Text("slug") ?? slug, user.Text("displayName"), user.Text("emailAddress"),
                Absolute(user.Text("avatarUrl")), profile);
        }
        catch (ProviderApiException)
        {
            return fallback;
        }
    }

    public override async Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken)
    {
        await PrepareAsync(tokens, cancellationToken);
        var keys = new List<ProviderSshKey>();
        var start = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            var json = await GetJsonAsync("list ssh keys", Api($"/rest/ssh/latest/keys?limit={PageSize}&start={start}"), tokens, cancellationToken);
            keys.AddRange(json.Items("values").Select(k => new ProviderSshKey(k.Text("id")!, k.Text("text") ?? "", k.Text("label"))));
            if (json.Flag("isLastPage") || json.Number("nextPageStart") is not { } next)
                break;
            start = (int)next;
        }
        return keys;
    }

    /// <summary>409 means the key already exists on the system (this account or another).</summary>
    public override async Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken)
    {
        await PrepareAsync(tokens, cancellationToken);
        var body = new Dictionary<string, object?> { ["text"] = publicKey, ["label"] = title };
        var response = await SendApiAsync("add ssh key", () => ApiRequest(HttpMethod.Post, Api("/rest/ssh/latest/keys"), tokens, body), cancellationToken);
        if (response.Status == 409)
            throw new DuplicateSshKeyException($"{Config.Id}: the SSH key is already registered on Bitbucket Server ({response.Describe()}).");
        if (!response.IsSuccess || response.Json() is not { } key)
            throw ApiFailure(response, "add ssh key");
        return new ProviderSshKey(key.Text("id")!, key.Text("text") ?? publicKey, key.Text("label"));
    }

    public override async Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken)
    {
        await PrepareAsync(tokens, cancellationToken);
        var response = await SendApiAsync("delete ssh key",
            () => ApiRequest(HttpMethod.Delete, Api($"/rest/ssh/latest/keys/{Uri.EscapeDataString(keyId)}"), tokens), cancellationToken);
        if (!response.IsSuccess && response.Status != 404)
            throw ApiFailure(response, "delete ssh key");
    }

    public override async Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(TokenSet tokens, ExternalAccount account, string? query, int page, CancellationToken cancellationToken)
    {
        await PrepareAsync(tokens, cancellationToken);
        const int pageSize = 30;
        var url = Api($"/rest/api/latest/repos?limit={pageSize}&start={(Math.Max(1, page) - 1) * pageSize}");
        if (!string.IsNullOrEmpty(query))
            url += "&name=" + Uri.EscapeDataString(query);
        var json = await GetJsonAsync("repositories", url, tokens, cancellationToken);
        return json.Items("values").Select(r =>
        {
            var links = r.TryGetProperty("links", out var l) ? l : default;
            var clone = links.ValueKind == JsonValueKind.Object ? links.Items("clone").ToList() : [];
            string Clone(string name) => clone.Where(c => c.Text("name") == name).Select(c => c.Text("href")).FirstOrDefault() ?? "";
            var html = links.ValueKind == JsonValueKind.Object ? links.Items("self").Select(s => s.Text("href")).FirstOrDefault() : null;
            return new RepositoryInfo($"{r.Path("project", "key")}/{r.Text("slug")}", html ?? "", Clone("http"), Clone("ssh"), !r.Flag("public"), null);
        }).ToList();
    }

    /// <summary>OAuth 2 tokens take the placeholder x-token-auth; HTTP access tokens the user's own name. OAuth 1
    /// tokens only sign REST calls: git over HTTPS does not take them (SSH keys are the git path for such links).</summary>
    public override GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account) => tokens.Kind switch
    {
        TokenKind.PersonalToken => new(tokens.Username ?? account?.Login ?? GitUsername, tokens.AccessToken),
        TokenKind.OAuth1 => new(account?.Login ?? GitUsername, tokens.AccessToken),
        _ => new(GitUsername, tokens.AccessToken),
    };

    private async Task PrepareAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        if (tokens.Kind == TokenKind.OAuth1)
            await SignerAsync(cancellationToken);
    }

    private async Task<OAuth1Signer> SignerAsync(CancellationToken cancellationToken)
    {
        if (_signer is { } signer)
            return signer;
        var rsa = RSA.Create();
        rsa.ImportFromPem(await privateKeyPem(cancellationToken));
        return _signer = new OAuth1Signer(Config.ConsumerKey, rsa, Http.Time);
    }

    /// <summary>Bitbucket Server gives avatar URLs relative to its root.</summary>
    private string? Absolute(string? url) =>
        url is null || Uri.IsWellFormedUriString(url, UriKind.Absolute) ? url : Config.ApiBaseUrl + (url.StartsWith('/') ? url : "/" + url);
}
