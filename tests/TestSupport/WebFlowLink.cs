using System.Net;
using Xunit;

namespace GitIntegration.TestSupport;

/// <summary>
/// Links a user's provider account through the service's web flow, as a browser would: the callback URL without a
/// code (307 to the provider's authorize page), the provider (which approves at once: the emulator's auto-approve)
/// redirecting back with code and state, and the callback completing the link (307 to the UI). Like a browser it keeps
/// the cookie the start sets: the callback must come back to the client that started the flow.
/// </summary>
public static class WebFlowLink
{
    public static async Task LinkAsync(string gatewayUrl, string sessionKey, string providerId)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

        var start = await SendAsync(http, $"{gatewayUrl}/external-auth/{providerId}/callback", sessionKey);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, start.StatusCode);

        // The session key stays with the service; the provider never sees it.
        var atProvider = await SendAsync(http, start.Headers.Location!.ToString(), null);
        Assert.True(atProvider.StatusCode is HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect,
            $"the provider answered {atProvider.StatusCode} instead of redirecting back");
        var callback = atProvider.Headers.Location!;
        Assert.StartsWith($"{gatewayUrl}/external-auth/{providerId}/callback?", callback.ToString());

        var done = await SendAsync(http, callback.ToString(), sessionKey);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, done.StatusCode);
        Assert.Equal($"/external-auth/{providerId}?redirected=true", done.Headers.Location!.ToString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string url, string? sessionKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (sessionKey is not null)
            request.Headers.Add("Coder-Session-Token", sessionKey);
        return await http.SendAsync(request);
    }
}
