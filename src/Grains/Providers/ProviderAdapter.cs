using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;

namespace GitIntegration.Grains.Providers;

/// <summary>
/// What every adapter shares: its config, HTTP with retries, authenticated API calls with errors turned into
/// <see cref="ProviderApiException"/>, token validation with Coder's classification, and "not offered" answers for
/// features a provider lacks. OAuth flows live in <see cref="OAuth.OAuth2Adapter"/>.
/// </summary>
public abstract partial class ProviderAdapter(ProviderConfig config, ProviderHttp http) : IProviderAdapter
{
    public ProviderConfig Config { get; } = config;
    protected ProviderHttp Http { get; } = http;
    protected DateTimeOffset Now => Http.Time.GetUtcNow();

    public virtual bool SupportsRefresh => !Config.NoRefresh;
    public virtual bool SupportsRevocation => Config.RevokeUrl is not null;
    public virtual bool SupportsDeviceFlow => Config.DeviceFlow && Config.DeviceCodeUrl is not null;
    public virtual bool SupportsSshKeys => false;
    public virtual bool SupportsInstallations => false;

    public abstract Task<AuthorizeStart> BeginAuthorizeAsync(AuthorizeRequest request, CancellationToken cancellationToken);
    public abstract Task<TokenSet> CompleteAuthorizeAsync(AuthorizeCompletion completion, CancellationToken cancellationToken);
    public abstract Task<TokenSet> RefreshAsync(TokenSet current, CancellationToken cancellationToken);
    public abstract Task<RevocationResult> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken);
    public abstract Task<DeviceStart> StartDeviceFlowAsync(CancellationToken cancellationToken);
    public abstract Task<DevicePoll> PollDeviceFlowAsync(string deviceCode, CancellationToken cancellationToken);

    /// <summary>GETs ValidateUrl and reads the account; no ValidateUrl means the token counts as valid (Coder).</summary>
    public virtual Task<ValidationResult> ValidateAsync(TokenSet tokens, CancellationToken cancellationToken) =>
        Config.ValidateUrl is null
            ? Task.FromResult(Expired(tokens) ?? new ValidationResult(ValidationOutcome.Valid, null, null))
            : ValidateAtAsync(Config.ValidateUrl, tokens, ReadAccountAsync, cancellationToken);

    public virtual Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken) =>
        throw NoSshKeys();

    public virtual Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken) =>
        throw NoSshKeys();

    public virtual Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken) =>
        throw NoSshKeys();

    public virtual Task<IReadOnlyList<AppInstallation>> ListInstallationsAsync(TokenSet tokens, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AppInstallation>>([]);

    public virtual Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(TokenSet tokens, ExternalAccount account, string? query, int page, CancellationToken cancellationToken) =>
        throw new ProviderFeatureException($"{Config.DisplayName} repositories cannot be listed by this service.");

    public virtual TokenSet FromPersonalToken(PersonalTokenRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Token))
            throw new InvalidTokenException("The token is empty.");
        return new TokenSet
        {
            AccessToken = request.Token.Trim(),
            Kind = TokenKind.PersonalToken,
            Username = string.IsNullOrWhiteSpace(request.Username) ? null : request.Username.Trim(),
        };
    }

    public virtual GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account) =>
        new(tokens.Username ?? account?.Login ?? "oauth2", tokens.AccessToken);

    /// <summary>The account from the validation answer (generic OAuth 2 / OIDC userinfo field names).</summary>
    protected virtual Task<ExternalAccount?> ReadAccountAsync(ProviderResponse response, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (response.Json() is not { ValueKind: JsonValueKind.Object } user)
            return Task.FromResult<ExternalAccount?>(null);
        var id = user.Text("id") ?? user.Text("sub");
        var login = user.Text("login") ?? user.Text("username") ?? user.Text("preferred_username") ?? user.Text("email") ?? id;
        return Task.FromResult(id is null || login is null
            ? null
            : new ExternalAccount(id, login, user.Text("name"), user.Text("email"), user.Text("avatar_url") ?? user.Text("picture"),
                user.Text("html_url") ?? user.Text("web_url") ?? user.Text("profile")));
    }

    /// <summary>Sets the credential of an API call: Bearer unless a provider needs otherwise (OAuth 1, Basic PATs).</summary>
    protected virtual void Authorize(HttpRequestMessage request, TokenSet tokens) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

    protected virtual void AddApiHeaders(HttpRequestMessage request) => request.Headers.Accept.ParseAdd("application/json");

    protected HttpRequestMessage ApiRequest(HttpMethod method, string url, TokenSet tokens, IReadOnlyDictionary<string, object?>? jsonBody = null)
    {
        var request = new HttpRequestMessage(method, url);
        AddApiHeaders(request);
        if (jsonBody is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(jsonBody), Encoding.UTF8, "application/json");
        Authorize(request, tokens);
        return request;
    }

    /// <summary>Sends an API call; an unreachable provider or an unusable answer becomes a transient <see cref="ProviderApiException"/>.</summary>
    protected async Task<ProviderResponse> SendApiAsync(string operation, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        try
        {
            return await Http.SendAsync($"{Config.Id} {operation}", build, cancellationToken);
        }
        catch (Exception e) when (e is ProviderUnreachableException or ProviderAnswerException)
        {
            throw new ProviderApiException($"{Config.Id}: {e.Message}", null, transient: true);
        }
    }

    protected async Task<JsonElement> GetJsonAsync(string operation, string url, TokenSet tokens, CancellationToken cancellationToken)
    {
        var response = await SendApiAsync(operation, () => ApiRequest(HttpMethod.Get, url, tokens), cancellationToken);
        if (!response.IsSuccess)
            throw ApiFailure(response, operation);
        return response.Json() ?? throw new ProviderApiException($"{Config.Id}: {operation}: {response.Describe()}.", response.Status, transient: true);
    }

    protected ProviderApiException ApiFailure(ProviderResponse response, string operation) =>
        new($"{Config.Id}: {operation} failed with {response.Describe()}.", response.Status, response.IsTransientFailure);

    protected string Api(string path) =>
        (Config.ApiBaseUrl ?? throw new ProviderFeatureException($"{Config.Id} has no API base URL.")) + path;

    protected async Task<ValidationResult> ValidateAtAsync(string url, TokenSet tokens,
        Func<ProviderResponse, TokenSet, CancellationToken, Task<ExternalAccount?>> readAccount, CancellationToken cancellationToken)
    {
        if (Expired(tokens) is { } expired)
            return expired;
        ProviderResponse response;
        try
        {
            response = await Http.SendAsync($"{Config.Id} validate", () => ApiRequest(HttpMethod.Get, url, tokens), cancellationToken);
        }
        catch (Exception e) when (e is ProviderUnreachableException or ProviderAnswerException)
        {
            return new ValidationResult(ValidationOutcome.Unavailable, null, e.Message);
        }
        if (!response.IsSuccess)
            return ClassifyValidationFailure(response);
        // A 2xx that is not JSON (a proxy's login page, a truncated answer) says nothing about the token.
        if (response.Json() is null)
            return new ValidationResult(ValidationOutcome.Unavailable, null, $"validate: {response.Describe()}");
        return new ValidationResult(ValidationOutcome.Valid, await readAccount(response, tokens, cancellationToken), null);
    }

    /// <summary>Coder: 401 invalid; 403 with Retry-After or an exhausted rate limit, and 429, optimistically valid;
    /// a plain 403 invalid; anything else unknown (the token is kept).</summary>
    protected ValidationResult ClassifyValidationFailure(ProviderResponse response)
    {
        var retryAfter = response.RetryAfter(Now);
        return response.Status switch
        {
            401 => new ValidationResult(ValidationOutcome.Invalid, null, $"token failed to validate ({response.Describe()})"),
            403 when response.Header("Retry-After") is not null || response.RateLimitExhausted =>
                new ValidationResult(ValidationOutcome.RateLimited, null, $"rate limited ({response.Describe()})", retryAfter),
            403 => new ValidationResult(ValidationOutcome.Invalid, null, $"token failed to validate ({response.Describe()})"),
            429 => new ValidationResult(ValidationOutcome.RateLimited, null, $"rate limited ({response.Describe()})", retryAfter),
            _ => new ValidationResult(ValidationOutcome.Unavailable, null, $"validate: {response.Describe()}", retryAfter),
        };
    }

    /// <summary>An expired token is invalid without asking the provider (Coder).</summary>
    protected ValidationResult? Expired(TokenSet tokens) =>
        tokens.ExpiresAt is { } expiresAt && expiresAt <= Now
            ? new ValidationResult(ValidationOutcome.Invalid, null, "token expired")
            : null;

    protected ProviderFeatureException NoSshKeys() =>
        new($"{Config.DisplayName} has no API for SSH keys; add the key in the provider's settings.");

    protected static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
