using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.ApiGateway.Auth;

/// <summary>A provider sign-in in progress: what the callback must see again (state) and must present (PKCE verifier).</summary>
public sealed record SignInFlow(string ProviderId, string State, string? CodeVerifier, string? PendingSecret, string? ReturnTo, DateTimeOffset StartedAt);

/// <summary>
/// Keeps a sign-in flow in an encrypted, HttpOnly cookie: before sign-in there is no user whose grain could hold
/// it, and the cookie binds the flow to the browser that started it (as Coder's oauth_state cookie does).
/// </summary>
public sealed class SignInFlowCookie(SecretProtector protector, TimeProvider time)
{
    public const string Name = "gitintegration_signin";
    private const string AssociatedData = "gateway:signin_flow";
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    public void Write(HttpResponse response, SignInFlow flow, bool secure)
    {
        var value = protector.Protect(JsonSerializer.Serialize(flow), AssociatedData);
        var options = SessionCredentials.CookieOptions(secure, time.GetUtcNow() + MaxAge);
        response.Cookies.Append(Name, value, options);
    }

    /// <summary>The flow whose state equals <paramref name="state"/>, if this browser started one recently.</summary>
    public SignInFlow? Find(HttpRequest request, string providerId, string? state) =>
        state is not null && InProgress(request, providerId) is { } flow
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(flow.State), Encoding.UTF8.GetBytes(state))
            ? flow
            : null;

    /// <summary>The sign-in with this provider this browser started recently, whatever state the callback brings.</summary>
    public SignInFlow? InProgress(HttpRequest request, string providerId)
    {
        if (!request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
            return null;
        SignInFlow? flow;
        try
        {
            flow = JsonSerializer.Deserialize<SignInFlow>(protector.Unprotect(value, AssociatedData));
        }
        catch (Exception e) when (e is SecretDecryptionException or JsonException)
        {
            return null;
        }
        return flow is null || flow.ProviderId != providerId || time.GetUtcNow() - flow.StartedAt > MaxAge ? null : flow;
    }

    public void Delete(HttpResponse response, bool secure) =>
        response.Cookies.Delete(Name, SessionCredentials.CookieOptions(secure, null));
}
