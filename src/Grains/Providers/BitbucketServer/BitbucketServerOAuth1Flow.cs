using System.Globalization;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.Grains.Providers.OAuth;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.Grains.Providers.BitbucketServer;

/// <summary>
/// The OAuth 1.0a three-legged flow of a Bitbucket Server application link (7.19 and older): a signed
/// request-token call, the user's approval at /plugins/servlet/oauth/authorize, and a signed access-token call
/// with the verifier. OAuth 1 has no state parameter, so the state rides in our own callback URL.
/// </summary>
public sealed class BitbucketServerOAuth1Flow(ProviderConfig config, ProviderHttp http)
{
    public string RequestTokenUrl => ReplaceLast(config.AuthUrl, "/authorize", "/request-token");

    public async Task<AuthorizeStart> BeginAsync(OAuth1Signer signer, AuthorizeRequest request, CancellationToken cancellationToken)
    {
        var callback = QueryHelpers.AddQueryString(request.CallbackUrl, "state", request.State);
        var fields = await SendAsync("request token", RequestTokenUrl, signer, null, [new("oauth_callback", callback)], cancellationToken);
        var token = fields.GetValueOrDefault("oauth_token")
                    ?? throw new ProviderTokenException($"{config.Id} request token: the answer has no oauth_token.", ProviderErrorKind.Transient);
        return new AuthorizeStart(QueryHelpers.AddQueryString(config.AuthUrl, "oauth_token", token), fields.GetValueOrDefault("oauth_token_secret"));
    }

    public async Task<TokenSet> CompleteAsync(OAuth1Signer signer, AuthorizeCompletion completion, CancellationToken cancellationToken)
    {
        var parameters = completion.Callback.Parameters ?? new Dictionary<string, string>();
        var requestToken = parameters.GetValueOrDefault("oauth_token");
        var verifier = parameters.GetValueOrDefault("oauth_verifier");
        if (completion.Callback.Error is { } error || verifier is null or "denied" || requestToken is null)
            throw new ProviderTokenException($"{config.Id}: the authorization was refused or is incomplete.", ProviderErrorKind.Permanent,
                completion.Callback.Error ?? "access_denied");

        var fields = await SendAsync("access token", config.TokenUrl, signer, requestToken, [new("oauth_verifier", verifier)], cancellationToken);
        var accessToken = fields.GetValueOrDefault("oauth_token")
                          ?? throw new ProviderTokenException($"{config.Id} access token: the answer has no oauth_token.", ProviderErrorKind.Transient);
        var expiresIn = long.TryParse(fields.GetValueOrDefault("oauth_expires_in"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : (long?)null;
        return new TokenSet
        {
            AccessToken = accessToken,
            Kind = TokenKind.OAuth1,
            TokenSecret = fields.GetValueOrDefault("oauth_token_secret"),
            ExpiresAt = expiresIn is { } s ? http.Time.GetUtcNow().AddSeconds(s) : null,
        };
    }

    /// <summary>A signed POST; 401 carries oauth_problem (consumer_key_unknown, signature_invalid, token_rejected...), a refusal for good.</summary>
    private async Task<Dictionary<string, string>> SendAsync(string operation, string url, OAuth1Signer signer, string? token,
        List<KeyValuePair<string, string>> oauthParameters, CancellationToken cancellationToken)
    {
        ProviderResponse response;
        try
        {
            response = await http.SendAsync($"{config.Id} {operation}", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, url);
                signer.Sign(request, token, oauthParameters);
                return request;
            }, cancellationToken);
        }
        catch (Exception e) when (e is ProviderUnreachableException or ProviderAnswerException)
        {
            throw new ProviderTokenException($"{config.Id}: {e.Message}", ProviderErrorKind.Transient,
                e is ProviderAnswerException ? ProviderAnswerException.ErrorCode : null, inner: e);
        }

        var fields = TokenResponses.Fields(response);
        if (response.IsSuccess && !fields.ContainsKey("oauth_problem"))
            return fields;
        var problem = fields.GetValueOrDefault("oauth_problem");
        throw new ProviderTokenException($"{config.Id} {operation} failed: {problem ?? response.Describe()}.",
            response.IsTransientFailure ? ProviderErrorKind.Transient : ProviderErrorKind.Permanent, problem, response.Status);
    }

    private static string ReplaceLast(string url, string suffix, string replacement) =>
        url.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? url[..^suffix.Length] + replacement : url;
}
