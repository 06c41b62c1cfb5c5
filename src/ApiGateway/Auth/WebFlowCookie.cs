using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.ApiGateway.Auth;

public enum WebFlowBinding { Matches, Missing, Mismatched }

/// <summary>
/// Binds a linking web flow to the browser that started it, as Coder's oauth_state cookie does: the callback must
/// bring back the state this browser was sent to the provider with, else it is refused (401) before the link grain
/// is asked. OAuth 1 has no state parameter; its request token (oauth_token) binds the same way. The cookie is
/// scoped to the provider's callback path and holds a hash, not the value.
/// </summary>
public sealed class WebFlowCookie(TimeProvider time)
{
    public const string Name = "gitintegration_oauth_state";
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);
    private static readonly string[] BindingParameters = ["state", "oauth_token"];

    /// <summary>Remembers the binding value of the authorize URL the browser is being sent to.</summary>
    public void Bind(HttpResponse response, string providerId, string authorizeUrl, bool secure)
    {
        var query = QueryHelpers.ParseQuery(new Uri(authorizeUrl).Query);
        foreach (var parameter in BindingParameters)
        {
            if (query.TryGetValue(parameter, out var value) && !string.IsNullOrEmpty(value))
            {
                response.Cookies.Append(Name, $"{parameter}:{Hash(value!)}", Options(providerId, secure, time.GetUtcNow() + MaxAge));
                return;
            }
        }
    }

    public WebFlowBinding Check(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var cookie) || cookie.Split(':', 2) is not [var parameter, var hash])
            return WebFlowBinding.Missing;
        var presented = request.Query.TryGetValue(parameter, out var value) ? value.ToString() : "";
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(hash))
            ? WebFlowBinding.Matches
            : WebFlowBinding.Mismatched;
    }

    /// <summary>A callback that reached the link grain spends the binding: the same callback again is refused here.</summary>
    public void Clear(HttpResponse response, string providerId, bool secure) =>
        response.Cookies.Delete(Name, Options(providerId, secure, null));

    private static CookieOptions Options(string providerId, bool secure, DateTimeOffset? expires)
    {
        var options = SessionCredentials.CookieOptions(secure, expires);
        options.Path = $"/external-auth/{Uri.EscapeDataString(providerId)}/callback";
        return options;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
