using System.Net;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Tests.Support;

namespace GitIntegration.ProviderEmulator.Tests;

public sealed class AuthorizePageTests : ProviderTest
{
    private async Task<string> Register(string instance)
    {
        await Control.CreateAccountAsync(instance, "kim", "Kim Example");
        await Control.RegisterAppAsync(instance, new RegisterAppRequest("web-app", "s", [Callback.RedirectUri], Name: "My Workspace"));
        return $"client_id=web-app&redirect_uri={Uri.EscapeDataString(Callback.RedirectUri)}&response_type=code&state=abc&scope=read";
    }

    [Theory]
    [InlineData("github", "/login/oauth/authorize")]
    [InlineData("gitlab", "/oauth/authorize")]
    [InlineData("bitbucket", "/site/oauth2/authorize")]
    [InlineData("bitbucket-server", "/rest/oauth2/latest/authorize")]
    [InlineData("gitea", "/login/oauth/authorize")]
    [InlineData("entra", "/common/oauth2/v2.0/authorize")]
    [InlineData("oauth2", "/authorize")]
    public async Task Authorize_page_lists_accounts_with_approve_and_deny_buttons(string instance, string path)
    {
        var query = await Register(instance);
        using var response = await Http.GetAsync(Url(instance, path) + "?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"approve\"", html);
        Assert.Contains("id=\"deny\"", html);
        Assert.Contains("<option value=\"kim\"", html);
        Assert.Contains("My Workspace", html);
        Assert.DoesNotContain("http://", html.Replace(Callback.RedirectUri, "", StringComparison.Ordinal).Replace("http://www.w3.org", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approving_redirects_with_a_code_and_denying_with_access_denied()
    {
        var url = Url("gitlab", "/oauth/authorize") + "?" + await Register("gitlab");
        using var approved = await NoRedirect.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = "kim", ["decision"] = "approve" }));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Matches("^" + Callback.RedirectUri + "\\?code=[0-9a-f]{64}&state=abc$", approved.Headers.Location!.ToString());

        using var denied = await NoRedirect.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "deny" }));
        Assert.Contains("error=access_denied", denied.Headers.Location!.ToString());
        Assert.Contains("state=abc", denied.Headers.Location!.ToString());

        using var newUser = await NoRedirect.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["new_login"] = "newcomer", ["decision"] = "approve" }));
        Assert.Contains("code=", newUser.Headers.Location!.ToString());
        Assert.Contains(await Control.GetAccountsAsync("gitlab"), a => a.Login == "newcomer");
    }

    [Fact]
    public async Task Unregistered_redirect_uri_shows_an_error_page_instead_of_redirecting()
    {
        await Register("gitlab");
        using var response = await NoRedirect.GetAsync(Url("gitlab", "/oauth/authorize") + "?client_id=web-app&response_type=code&redirect_uri=http%3A%2F%2Fevil.example%2Fcb");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"error\"", await response.Content.ReadAsStringAsync());
    }
}
