using Duende.IdentityModel.Client;
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

    protected override Task<TokenResponse> SendCodeExchangeAsync(HttpClient client, AuthorizeCompletion completion, string code, CancellationToken cancellationToken) =>
        client.RequestTokenAsync(Assertion(JwtBearerGrant, code, completion.CallbackUrl), cancellationToken);

    protected override Task<TokenResponse> SendRefreshAsync(HttpClient client, TokenSet current, CancellationToken cancellationToken) =>
        client.RequestTokenAsync(Assertion("refresh_token", current.RefreshToken!, callbackUrl), cancellationToken);

    /// <summary>The client proves itself with the secret as a client assertion, not with client_id/client_secret.</summary>
    private TokenRequest Assertion(string grantType, string assertion, string? redirectUri)
    {
        var parameters = new Parameters { { "assertion", assertion } };
        if (redirectUri is not null)
            parameters.Add("redirect_uri", redirectUri);
        return new TokenRequest
        {
            Address = Config.TokenUrl,
            GrantType = grantType,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            ClientAssertion = new ClientAssertion { Type = ClientAssertionType, Value = Config.ClientSecret ?? "" },
            Parameters = parameters,
        };
    }
}
