using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GitIntegration.ProviderEmulator.Tests.Support;

/// <summary>A minimal OAuth client written for the tests (independent of the emulator's own code).</summary>
public sealed class OAuthClient(HttpClient http, string clientId, string? clientSecret, string redirectUri)
{
    public string ClientId { get; } = clientId;
    public string? ClientSecret { get; } = clientSecret;
    public string RedirectUri { get; } = redirectUri;

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48));
        return (verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>Opens the authorize URL, follows the redirect to the fake redirect URI and returns what it received.</summary>
    public async Task<Dictionary<string, string>> AuthorizeAsync(string authorizeUrl, string? scope, string? challenge, string method = "S256",
        string state = "state-123", bool sendRedirectUri = true, IDictionary<string, string>? extra = null)
    {
        var query = new Dictionary<string, string> { ["client_id"] = ClientId, ["response_type"] = "code", ["state"] = state };
        if (sendRedirectUri)
        {
            query["redirect_uri"] = RedirectUri;
        }

        if (scope is not null)
        {
            query["scope"] = scope;
        }

        if (challenge is not null)
        {
            query["code_challenge"] = challenge;
            query["code_challenge_method"] = method;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            query[key] = value;
        }

        var url = authorizeUrl + "?" + string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"authorize ended with {(int)response.StatusCode}: {body}");
        Assert.StartsWith(RedirectUri.Split('?')[0], response.RequestMessage!.RequestUri!.ToString());
        return JsonSerializer.Deserialize<Dictionary<string, string>>(body)!;
    }

    public async Task<HttpResponseMessage> TokenAsync(string tokenUrl, Dictionary<string, string> form, bool basicAuth = false, string? accept = "application/json")
    {
        if (basicAuth)
        {
            form.Remove("client_id");
            form.Remove("client_secret");
        }
        else
        {
            form.TryAdd("client_id", ClientId);
            if (ClientSecret is not null)
            {
                form.TryAdd("client_secret", ClientSecret);
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl) { Content = new FormUrlEncodedContent(form) };
        if (basicAuth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> ExchangeCodeAsync(string tokenUrl, string code, string? verifier, bool basicAuth = false, string? accept = "application/json")
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return TokenAsync(tokenUrl, form, basicAuth, accept);
    }

    public Task<HttpResponseMessage> RefreshAsync(string tokenUrl, string refreshToken, bool basicAuth = false, string? accept = "application/json") =>
        TokenAsync(tokenUrl, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, basicAuth, accept);

    /// <summary>Full web flow with PKCE S256: authorize (auto-approved), follow the redirect, exchange the code.</summary>
    public async Task<JsonElement> WebFlowAsync(string authorizeUrl, string tokenUrl, string? scope, bool basicAuth = false)
    {
        var (verifier, challenge) = NewPkce();
        var callback = await AuthorizeAsync(authorizeUrl, scope, challenge);
        Assert.Equal("state-123", callback["state"]);
        using var response = await ExchangeCodeAsync(tokenUrl, callback["code"], verifier, basicAuth);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
