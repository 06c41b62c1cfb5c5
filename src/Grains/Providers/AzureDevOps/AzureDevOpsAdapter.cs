using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Http;

namespace GitIntegration.Grains.Providers.AzureDevOps;

/// <summary>
/// Azure DevOps' own OAuth (app.vssps.visualstudio.com; existing apps only, deprecated by Microsoft for Entra).
/// Not quite OAuth 2: authorize asks for response_type=Assertion, and the token endpoint takes the client secret
/// as a JWT-bearer client assertion with the code (or refresh token) as the assertion. Each refresh returns a new
/// refresh token. No PKCE, no device flow, no revocation.
/// </summary>
/// <param name="callbackUrl">This service's callback URL, which the token endpoint wants on every call; null when unknown.</param>
public sealed class AzureDevOpsAdapter(ProviderConfig config, ProviderHttp http, string? callbackUrl) : AzureDevOpsAdapterBase(config, http)
{
    private const string ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    public override bool SupportsDeviceFlow => false;

    protected override List<KeyValuePair<string, string?>> AuthorizeParameters(AuthorizeRequest request)
    {
        var parameters = base.AuthorizeParameters(request)
            .Where(p => p.Key is not ("response_type" or "code_challenge" or "code_challenge_method"))
            .ToList();
        parameters.Add(new("response_type", "Assertion"));
        return parameters;
    }

    protected override List<KeyValuePair<string, string>> CodeExchangeParameters(AuthorizeCompletion completion, string code) =>
        Assertion(JwtBearerGrant, code, completion.CallbackUrl);

    protected override List<KeyValuePair<string, string>> RefreshParameters(TokenSet current) =>
        Assertion("refresh_token", current.RefreshToken!, callbackUrl);

    /// <summary>The client proves itself with the assertion, not client_id/client_secret fields.</summary>
    protected override HttpRequestMessage TokenEndpointRequest(string url, List<KeyValuePair<string, string>> parameters, bool withSecret = true) =>
        new(HttpMethod.Post, url)
        {
            Headers = { { "Accept", "application/json" } },
            Content = new FormUrlEncodedContent(parameters),
        };

    private List<KeyValuePair<string, string>> Assertion(string grantType, string assertion, string? redirectUri)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("client_assertion_type", ClientAssertionType),
            new("client_assertion", Config.ClientSecret ?? ""),
            new("grant_type", grantType),
            new("assertion", assertion),
        };
        if (redirectUri is not null)
            parameters.Add(new("redirect_uri", redirectUri));
        return parameters;
    }
}
