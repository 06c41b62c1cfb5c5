using System.Net;
using GitIntegration.ApiGateway.Auth;

namespace GitIntegration.ApiGateway.Tests.Support;

/// <summary>Links a user's account the way a browser does: callback → provider → callback with code and state.</summary>
public static class Linking
{
    public static Browser BrowserFor(this TestGateway gateway, TestUser user)
    {
        var browser = gateway.Browser();
        browser.Cookies.Add(new Uri(gateway.BaseUrl), new Cookie(SessionCredentials.CookieName, user.Token));
        return browser;
    }

    /// <summary>Runs the web flow; returns the provider's redirect back to us (the callback URL with code and state) and the final answer.</summary>
    public static async Task<(Uri Callback, HttpResponseMessage Answer)> LinkAsync(this TestGateway gateway, TestUser user, string providerId)
    {
        using var browser = gateway.BrowserFor(user);
        var start = await browser.GetAsync($"external-auth/{providerId}/callback");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, start.StatusCode);
        var atProvider = await browser.GetAsync(start.Headers.Location!.ToString());
        Assert.True(atProvider.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"the emulator answered {atProvider.StatusCode}");
        var callback = atProvider.Headers.Location!;
        var answer = await browser.GetAsync(callback.ToString());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, answer.StatusCode);
        return (callback, answer);
    }
}
