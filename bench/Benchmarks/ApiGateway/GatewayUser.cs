using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Demo;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Benchmarks.ApiGateway;

/// <summary>A user made and linked through a running gateway's HTTP API, as a person would.</summary>
public static class GatewayUser
{
    public const string CredentialsPath = "/api/v2/git/credentials";

    /// <summary>The provider emulator in this process with one GitHub instance ("github") that approves the "octo"
    /// account at once, so <see cref="LinkedSessionKeyAsync"/> links without a person.</summary>
    public static async Task<(EmulatorHost Emulator, EmulatedProvider GitHub)> StartGitHubEmulatorAsync()
    {
        var emulator = await EmulatorHost.StartAsync();
        var github = EmulatedProvider.Create("github", "github", "github", "GitHub");
        await EmulatedProviders.CreateInstancesAsync(emulator, [github], "octo");
        await emulator.Client.UpdateSettingsAsync("github", new InstanceSettingsDto(AutoApprove: "octo"));
        return (emulator, github);
    }

    /// <summary>Creates a user, links GitHub through the web flow (the emulator approves at once), returns the
    /// user's session key.</summary>
    public static async Task<string> LinkedSessionKeyAsync(string baseUrl, string adminToken, string username = "bench")
    {
        using var admin = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
        admin.DefaultRequestHeaders.Add(SessionCredentials.HeaderName, adminToken);
        (await admin.PostAsJsonAsync("api/v2/users", new { username })).EnsureSuccessStatusCode();
        var key = JsonNode.Parse(await (await admin.PostAsync($"api/v2/users/{username}/keys", null)).Content.ReadAsStringAsync())!["key"]!.GetValue<string>();

        var cookies = new CookieContainer();
        cookies.Add(new Uri(baseUrl), new Cookie(SessionCredentials.CookieName, key));
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies });
        var next = new Uri(new Uri(baseUrl), "external-auth/github/callback");
        for (var hop = 0; hop < 4; hop++)
        {
            using var response = await browser.GetAsync(next);
            if (response.Headers.Location is null)
                break;
            next = new Uri(next, response.Headers.Location);
        }
        return key;
    }

    /// <summary>The credentials body for the session key; throws unless it holds a token.</summary>
    public static async Task<byte[]> CredentialsAsync(string url, string sessionKey)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add(SessionCredentials.HeaderName, sessionKey);
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK || !JsonNode.Parse(body)!.AsObject().ContainsKey("access_token"))
            throw new InvalidOperationException($"The warm-up call did not return credentials: {(int)response.StatusCode}");
        return body;
    }
}
