using Duende.IdentityModel.Client;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.Grains.Providers.OAuth;

/// <summary>
/// The standard OAuth 2 parts: authorize URL with state and PKCE S256 (RFC 6749, 7636), and the token endpoint
/// calls through Duende.IdentityModel: code exchange and refresh, RFC 7009 revocation, the RFC 8628 device flow.
/// The client authenticates the same way (the provider's <see cref="ProviderConfig.ClientAuthMethod"/>) at every
/// one of them. Adapters override the hooks where their provider differs.
/// </summary>
public abstract class OAuth2Adapter(ProviderConfig config, ProviderHttp http) : ProviderAdapter(config, http)
{
    public const string DeviceGrantType = "urn:ietf:params:oauth:grant-type:device_code";
    private const int DefaultDeviceInterval = 5;

    public override Task<AuthorizeStart> BeginAuthorizeAsync(AuthorizeRequest request, CancellationToken cancellationToken)
    {
        var url = QueryHelpers.AddQueryString(Config.AuthUrl, AuthorizeParameters(request));
        return Task.FromResult(new AuthorizeStart(url, null));
    }

    protected virtual List<KeyValuePair<string, string?>> AuthorizeParameters(AuthorizeRequest request)
    {
        var parameters = new List<KeyValuePair<string, string?>>
        {
            new("client_id", Config.ClientId),
            new("redirect_uri", request.CallbackUrl),
            new("response_type", "code"),
            new("state", request.State),
        };
        if (Config.Scopes.Count > 0)
            parameters.Add(new("scope", string.Join(' ', Config.Scopes)));
        if (Config.UsePkce && request.CodeChallenge is not null)
        {
            parameters.Add(new("code_challenge", request.CodeChallenge));
            parameters.Add(new("code_challenge_method", "S256"));
        }
        return parameters;
    }

    public override async Task<TokenSet> CompleteAuthorizeAsync(AuthorizeCompletion completion, CancellationToken cancellationToken)
    {
        var code = CallbackCode(completion);
        using var response = await SendCodeExchangeAsync(Http.Client(), completion, code, cancellationToken);
        return TokenResponses.Read(TokenAnswer("code exchange", response, cancellationToken), $"{Config.Id} code exchange", Now, Config.ExtraTokenKeys);
    }

    /// <summary>The code of the callback; a refusal or a missing code is a permanent <see cref="ProviderTokenException"/>.</summary>
    protected string CallbackCode(AuthorizeCompletion completion)
    {
        var callback = completion.Callback;
        if (callback.Error is { } error)
            throw new ProviderTokenException(
                $"{Config.Id}: the provider refused the authorization: {error}{(callback.ErrorDescription is { } d ? " (" + d + ")" : "")}.",
                ProviderErrorKind.Permanent, error);
        if (string.IsNullOrEmpty(callback.Code))
            throw new ProviderTokenException($"{Config.Id}: the callback carries no code.", ProviderErrorKind.Permanent, "invalid_request");
        return callback.Code;
    }

    protected virtual Task<TokenResponse> SendCodeExchangeAsync(HttpClient client, AuthorizeCompletion completion, string code, CancellationToken cancellationToken) =>
        client.RequestAuthorizationCodeTokenAsync(Authenticated(new AuthorizationCodeTokenRequest
        {
            Address = Config.TokenUrl,
            Code = code,
            RedirectUri = completion.CallbackUrl,
            CodeVerifier = completion.CodeVerifier,
            Parameters = CodeExchangeParameters(completion),
        }), cancellationToken);

    /// <summary>Extra form fields of the code exchange.</summary>
    protected virtual Parameters CodeExchangeParameters(AuthorizeCompletion completion) => new();

    public override async Task<TokenSet> RefreshAsync(TokenSet current, CancellationToken cancellationToken)
    {
        if (!SupportsRefresh || current.RefreshToken is null || current.Kind != TokenKind.OAuth2)
            throw new ProviderTokenException($"{Config.Id}: the token cannot be refreshed (no refresh token, or refreshing is off).",
                ProviderErrorKind.Permanent, "refresh_unavailable");
        using var response = await SendRefreshAsync(Http.Client(), current, cancellationToken);
        var tokens = TokenResponses.Read(TokenAnswer("refresh", response, cancellationToken), $"{Config.Id} refresh", Now, Config.ExtraTokenKeys);
        return KeepRefreshTokenUnlessRotated(current, tokens);
    }

    /// <summary>RFC 6749 §6: a provider that does not rotate sends no new refresh token; the old one stays good.</summary>
    protected static TokenSet KeepRefreshTokenUnlessRotated(TokenSet current, TokenSet tokens) =>
        tokens.RefreshToken is null
            ? tokens with { RefreshToken = current.RefreshToken, RefreshTokenExpiresAt = current.RefreshTokenExpiresAt }
            : tokens;

    protected virtual Task<TokenResponse> SendRefreshAsync(HttpClient client, TokenSet current, CancellationToken cancellationToken) =>
        client.RequestRefreshTokenAsync(Authenticated(new RefreshTokenRequest
        {
            Address = Config.TokenUrl,
            RefreshToken = current.RefreshToken!,
            Scope = RefreshScope,
            Parameters = RefreshParameters(current),
        }), cancellationToken);

    /// <summary>The scope to ask for again on refresh; null asks for the granted one (RFC 6749 §6).</summary>
    protected virtual string? RefreshScope => null;

    protected virtual Parameters RefreshParameters(TokenSet current) => new();

    /// <summary>RFC 7009 as Coder sends it: the refresh token when there is one, else the access token; 2xx is success.</summary>
    public override async Task<RevocationResult> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        if (!SupportsRevocation)
            return new RevocationResult(false, null);
        if (tokens.Kind == TokenKind.PersonalToken)
            return new RevocationResult(false, "a personal access token is left alone; delete it at the provider if it is no longer needed");
        var (token, hint) = tokens.RefreshToken is { } refresh ? (refresh, "refresh_token") : (tokens.AccessToken, "access_token");
        using var response = await Http.Client().RevokeTokenAsync(Authenticated(new TokenRevocationRequest
        {
            Address = Config.RevokeUrl!,
            Token = token,
            TokenTypeHint = hint,
        }), cancellationToken);
        try
        {
            var answer = Answer("revoke", response, cancellationToken);
            return answer.IsSuccess
                ? new RevocationResult(true, null)
                : new RevocationResult(false, $"failed to revoke token: {answer.Describe()}");
        }
        catch (Exception e) when (e is ProviderUnreachableException or ProviderAnswerException)
        {
            return new RevocationResult(false, e.Message);
        }
    }

    public override async Task<DeviceStart> StartDeviceFlowAsync(CancellationToken cancellationToken)
    {
        if (!SupportsDeviceFlow)
            throw new ProviderFeatureException($"{Config.DisplayName} ({Config.Id}) has no device flow configured.");
        // RFC 8628 §3.1: a confidential client authenticates here exactly as at the token endpoint.
        using var response = await Http.Client().RequestDeviceAuthorizationAsync(Authenticated(new DeviceAuthorizationRequest
        {
            Address = Config.DeviceCodeUrl!,
            Scope = Config.Scopes.Count > 0 ? string.Join(' ', Config.Scopes) : null,
        }), cancellationToken);
        var answer = TokenAnswer("device authorization", response, cancellationToken);
        var fields = TokenResponses.Fields(answer);
        TokenResponses.ThrowIfError(answer, fields, $"{Config.Id} device authorization", Now);
        var deviceCode = fields.GetValueOrDefault("device_code");
        var userCode = fields.GetValueOrDefault("user_code");
        var verificationUri = fields.GetValueOrDefault("verification_uri") ?? fields.GetValueOrDefault("verification_url");
        if (deviceCode is null || userCode is null || verificationUri is null)
            throw new ProviderTokenException(
                $"{Config.Id} device authorization: the answer ({answer.Describe()}) lacks device_code, user_code or verification_uri.",
                ProviderErrorKind.Transient, ProviderAnswerException.ErrorCode, answer.Status);
        return new DeviceStart(deviceCode, userCode, verificationUri,
            TokenResponses.Seconds(fields, "expires_in") ?? 900, TokenResponses.Seconds(fields, "interval") ?? DefaultDeviceInterval);
    }

    /// <summary>One RFC 8628 poll. Pending, slow_down (5 s more than before unless the provider says), expired and
    /// denied come back as <see cref="DevicePoll.Error"/>; a failing provider or an unusable answer throws.</summary>
    public override async Task<DevicePoll> PollDeviceFlowAsync(string deviceCode, CancellationToken cancellationToken)
    {
        if (!SupportsDeviceFlow)
            throw new ProviderFeatureException($"{Config.DisplayName} ({Config.Id}) has no device flow configured.");
        using var response = await Http.Client().RequestDeviceTokenAsync(Authenticated(new DeviceTokenRequest
        {
            Address = Config.TokenUrl,
            DeviceCode = deviceCode,
            Parameters = DevicePollParameters(),
        }), cancellationToken);
        return DevicePolls.Read(TokenAnswer("device poll", response, cancellationToken), $"{Config.Id} device poll", Now, Config.ExtraTokenKeys);
    }

    protected virtual Parameters DevicePollParameters() => new();

    /// <summary>Client authentication per RFC 6749 §2.3.1 with the configured method; a public client (no secret)
    /// sends only its client_id in the body.</summary>
    protected T Authenticated<T>(T request) where T : ProtocolRequest
    {
        request.ClientId = Config.ClientId;
        request.ClientSecret = Config.ClientSecret;
        request.ClientCredentialStyle = Config.ClientSecret is not null && Config.ClientAuthMethod == ClientAuthMethod.ClientSecretBasic
            ? ClientCredentialStyle.AuthorizationHeader
            : ClientCredentialStyle.PostBody;
        request.AuthorizationHeaderStyle = BasicAuthenticationHeaderStyle.Rfc6749;
        return request;
    }

    /// <summary>The provider's answer to a token-style request; no answer at all is a transient <see cref="ProviderTokenException"/>.</summary>
    protected ProviderResponse TokenAnswer(string operation, ProtocolResponse response, CancellationToken cancellationToken)
    {
        try
        {
            return Answer(operation, response, cancellationToken);
        }
        catch (Exception e) when (e is ProviderUnreachableException or ProviderAnswerException)
        {
            throw new ProviderTokenException($"{Config.Id}: {e.Message}", ProviderErrorKind.Transient,
                e is ProviderAnswerException ? ProviderAnswerException.ErrorCode : null, inner: e);
        }
    }

    /// <summary>Duende keeps what went wrong in the response; this gives the provider's answer, or throws
    /// <see cref="ProviderUnreachableException"/> or <see cref="ProviderAnswerException"/>, or (a bug) the exception itself.</summary>
    private ProviderResponse Answer(string operation, ProtocolResponse response, CancellationToken cancellationToken)
    {
        if (response.HttpResponse is { } http)
            return new ProviderResponse((int)http.StatusCode, ProviderResponse.HeadersOf(http), response.Raw ?? "");
        var error = response.Exception ?? new InvalidOperationException($"{operation}: no answer and no exception from the token client.");
        throw Http.Translate($"{Config.Id} {operation}", error, cancellationToken) ?? error;
    }
}
