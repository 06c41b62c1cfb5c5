using System.Net.Http.Headers;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.Grains.Providers.OAuth;

/// <summary>
/// The standard OAuth 2 parts: authorize URL with state and PKCE S256 (RFC 6749, 7636), code exchange and
/// refresh at the token endpoint, RFC 7009 revocation, and the RFC 8628 device flow. Adapters override the
/// hooks where their provider differs.
/// </summary>
public abstract class OAuth2Adapter(ProviderConfig config, ProviderHttp http) : ProviderAdapter(config, http)
{
    public const string DeviceGrantType = "urn:ietf:params:oauth:grant-type:device_code";
    private const int DefaultDeviceInterval = 5;

    /// <summary>How the client authenticates at the token endpoint: form fields (default) or HTTP Basic.</summary>
    protected virtual bool UsesBasicClientAuthentication => false;

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
        var callback = completion.Callback;
        if (callback.Error is { } error)
            throw new ProviderTokenException(
                $"{Config.Id}: the provider refused the authorization: {error}{(callback.ErrorDescription is { } d ? " (" + d + ")" : "")}.",
                ProviderErrorKind.Permanent, error);
        if (string.IsNullOrEmpty(callback.Code))
            throw new ProviderTokenException($"{Config.Id}: the callback carries no code.", ProviderErrorKind.Permanent, "invalid_request");
        return await RequestTokensAsync("code exchange", CodeExchangeParameters(completion, callback.Code), cancellationToken);
    }

    protected virtual List<KeyValuePair<string, string>> CodeExchangeParameters(AuthorizeCompletion completion, string code)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("code", code),
            new("redirect_uri", completion.CallbackUrl),
        };
        if (completion.CodeVerifier is not null)
            parameters.Add(new("code_verifier", completion.CodeVerifier));
        return parameters;
    }

    public override async Task<TokenSet> RefreshAsync(TokenSet current, CancellationToken cancellationToken)
    {
        if (!SupportsRefresh || current.RefreshToken is null || current.Kind != TokenKind.OAuth2)
            throw new ProviderTokenException($"{Config.Id}: the token cannot be refreshed (no refresh token, or refreshing is off).",
                ProviderErrorKind.Permanent, "refresh_unavailable");
        var tokens = await RequestTokensAsync("refresh", RefreshParameters(current), cancellationToken);
        // RFC 6749 §6: a provider that does not rotate sends no new refresh token; the old one stays good.
        return tokens.RefreshToken is null
            ? tokens with { RefreshToken = current.RefreshToken, RefreshTokenExpiresAt = current.RefreshTokenExpiresAt }
            : tokens;
    }

    protected virtual List<KeyValuePair<string, string>> RefreshParameters(TokenSet current) =>
    [
        new("grant_type", "refresh_token"),
        new("refresh_token", current.RefreshToken!),
    ];

    /// <summary>RFC 7009 as Coder sends it: the refresh token when there is one, else the access token; 2xx is success.</summary>
    public override async Task<RevocationResult> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        if (!SupportsRevocation)
            return new RevocationResult(false, null);
        if (tokens.Kind == TokenKind.PersonalToken)
            return new RevocationResult(false, "a personal access token is left alone; delete it at the provider if it is no longer needed");
        var (token, hint) = tokens.RefreshToken is { } refresh ? (refresh, "refresh_token") : (tokens.AccessToken, "access_token");
        try
        {
            var response = await Http.SendAsync($"{Config.Id} revoke",
                () => TokenEndpointRequest(Config.RevokeUrl!, [new("token", token), new("token_type_hint", hint)]), cancellationToken);
            return response.IsSuccess
                ? new RevocationResult(true, null)
                : new RevocationResult(false, $"failed to revoke token: {response.Describe()}");
        }
        catch (ProviderUnreachableException e)
        {
            return new RevocationResult(false, e.Message);
        }
    }

    public override async Task<DeviceStart> StartDeviceFlowAsync(CancellationToken cancellationToken)
    {
        if (!SupportsDeviceFlow)
            throw new ProviderFeatureException($"{Config.DisplayName} ({Config.Id}) has no device flow configured.");
        // Like Coder, the device authorization request carries only client_id and scope.
        var response = await SendTokenEndpointAsync("device authorization", Config.DeviceCodeUrl!, DeviceStartParameters(), cancellationToken,
            withSecret: false);
        var fields = TokenResponses.Fields(response);
        TokenResponses.ThrowIfError(response, fields, $"{Config.Id} device authorization", Now);
        var deviceCode = fields.GetValueOrDefault("device_code");
        var userCode = fields.GetValueOrDefault("user_code");
        var verificationUri = fields.GetValueOrDefault("verification_uri") ?? fields.GetValueOrDefault("verification_url");
        if (deviceCode is null || userCode is null || verificationUri is null)
            throw new ProviderTokenException($"{Config.Id} device authorization: the answer lacks device_code, user_code or verification_uri.",
                ProviderErrorKind.Transient, httpStatus: response.Status);
        return new DeviceStart(deviceCode, userCode, verificationUri,
            TokenResponses.Seconds(fields, "expires_in") ?? 900, TokenResponses.Seconds(fields, "interval") ?? DefaultDeviceInterval);
    }

    protected virtual List<KeyValuePair<string, string>> DeviceStartParameters() =>
        Config.Scopes.Count > 0 ? [new("scope", string.Join(' ', Config.Scopes))] : [];

    /// <summary>One RFC 8628 poll. Pending, slow_down (5 s more than before unless the provider says), expired and
    /// denied come back as <see cref="DevicePoll.Error"/>; only an unreachable or failing provider throws.</summary>
    public override async Task<DevicePoll> PollDeviceFlowAsync(string deviceCode, CancellationToken cancellationToken)
    {
        if (!SupportsDeviceFlow)
            throw new ProviderFeatureException($"{Config.DisplayName} ({Config.Id}) has no device flow configured.");
        var response = await SendTokenEndpointAsync("device poll", Config.TokenUrl, DevicePollParameters(deviceCode), cancellationToken);
        var fields = TokenResponses.Fields(response);
        if (fields.GetValueOrDefault("error") is { Length: > 0 } error && !response.IsTransientFailure)
        {
            var code = NormalizeDeviceError(error);
            var interval = TokenResponses.Seconds(fields, "interval") ?? (code == "slow_down" ? DefaultDeviceInterval + 5 : DefaultDeviceInterval);
            return new DevicePoll(null, code, fields.GetValueOrDefault("error_description"), interval);
        }
        return new DevicePoll(TokenResponses.Read(response, $"{Config.Id} device poll", Now, Config.ExtraTokenKeys), null, null, 0);
    }

    protected virtual List<KeyValuePair<string, string>> DevicePollParameters(string deviceCode) =>
    [
        new("grant_type", DeviceGrantType),
        new("device_code", deviceCode),
    ];

    /// <summary>GitHub also says token_expired; Entra says authorization_declined for a refusal.</summary>
    private static string NormalizeDeviceError(string error) => error switch
    {
        "token_expired" => "expired_token",
        "authorization_declined" => "access_denied",
        _ => error,
    };

    protected async Task<TokenSet> RequestTokensAsync(string operation, List<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var response = await SendTokenEndpointAsync(operation, Config.TokenUrl, parameters, cancellationToken);
        return TokenResponses.Read(response, $"{Config.Id} {operation}", Now, Config.ExtraTokenKeys);
    }

    /// <summary>POSTs a form to a token-style endpoint with client authentication; unreachable means transient.</summary>
    protected async Task<ProviderResponse> SendTokenEndpointAsync(string operation, string url, List<KeyValuePair<string, string>> parameters,
        CancellationToken cancellationToken, bool withSecret = true)
    {
        try
        {
            return await Http.SendAsync($"{Config.Id} {operation}", () => TokenEndpointRequest(url, parameters, withSecret), cancellationToken);
        }
        catch (ProviderUnreachableException e)
        {
            throw new ProviderTokenException($"{Config.Id}: {e.Message}", ProviderErrorKind.Transient);
        }
    }

    protected virtual HttpRequestMessage TokenEndpointRequest(string url, List<KeyValuePair<string, string>> parameters, bool withSecret = true)
    {
        var secret = withSecret ? Config.ClientSecret : null;
        var form = new List<KeyValuePair<string, string>>(parameters);
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (UsesBasicClientAuthentication && secret is not null)
        {
            request.Headers.Authorization = Basic(Config.ClientId, secret);
        }
        else
        {
            form.Add(new("client_id", Config.ClientId));
            if (secret is not null)
                form.Add(new("client_secret", secret));
        }
        request.Content = new FormUrlEncodedContent(form);
        return request;
    }
}
