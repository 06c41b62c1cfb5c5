using System.Net.Http.Json;
using System.Web;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.TestSupport;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>A full flow with logging at its most verbose: no token, refresh token, client secret, private key, code or state in any line.</summary>
public sealed class LogSecrecyTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(new GatewaySetup { Logs = _logs });

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Debug_logs_of_a_full_flow_hold_no_secret()
    {
        var secrets = new List<string> { TestGateway.AdminToken };
        secrets.AddRange(_gateway.Providers.Select(p => p.ClientSecret));

        // Users and keys.
        var alice = await _gateway.CreateUserAsync("alice");
        secrets.Add(alice.Token);
        var extra = await Json.ReadAsync(await alice.Api.PostAsJsonAsync("api/v2/users/me/keys", new { token_name = "ci" }));
        secrets.Add(extra["key"]!.GetValue<string>());

        // Web flow link: the code and state travel in URLs.
        var (callback, _) = await _gateway.LinkAsync(alice, "github");
        var query = HttpUtility.ParseQueryString(callback.Query);
        secrets.Add(query["code"]!);
        secrets.Add(query["state"]!);
        var credentials = await Json.ReadAsync(await alice.Api.GetAsync("api/v2/git/credentials?id=github"));
        var access = credentials["access_token"]!.GetValue<string>();
        secrets.Add(access);
        secrets.Add(RefreshTokenOf("gh", access));

        // A refresh (the token expired at the provider) hands out a new pair.
        await _gateway.Emulator.Client.ExpireTokenAsync(access);
        await alice.Api.PostAsJsonAsync("api/v2/git/credentials/erase", new { url = $"{_gateway.Emulator.InstanceUrl("gh")}/o/r.git", password = access });
        var refreshed = (await Json.ReadAsync(await alice.Api.GetAsync("api/v2/git/credentials?id=github")))["access_token"]?.GetValue<string>();
        if (refreshed is not null)
        {
            secrets.Add(refreshed);
            secrets.Add(RefreshTokenOf("gh", refreshed));
        }

        // Personal token, device flow, SSH key (private part), admin provider with a secret, sign-in with a provider.
        var bob = await _gateway.CreateUserAsync("bob");
        secrets.Add(bob.Token);
        var pat = await _gateway.Emulator.Client.IssuePersonalAccessTokenAsync("gh", TestGateway.Login);
        secrets.Add(pat.Token);
        await bob.Api.PutAsJsonAsync("api/v2/external-auth/github/token", new { token = pat.Token });
        await bob.Api.PutAsJsonAsync("api/v2/external-auth/github/token", new { token = "ghp_wrong_" + Guid.NewGuid().ToString("N") });
        var device = await Json.ReadAsync(await alice.Api.GetAsync("api/v2/external-auth/github/device"));
        secrets.Add(device["device_code"]!.GetValue<string>());
        await alice.Api.PostAsJsonAsync("api/v2/external-auth/github/device", new { device_code = device["device_code"]!.GetValue<string>() });
        var privateKey = (await Json.ReadAsync(await alice.Api.GetAsync("api/v2/users/me/gitsshkey/private")))["private_key"]!.GetValue<string>();
        secrets.AddRange(privateKey.Split('\n').Where(line => line.Length > 20 && !line.StartsWith("-----")));
        await alice.Api.PostAsync("api/v2/external-auth/github/ssh-key", null);
        const string adminSecret = "admin-provider-secret-0b5d2c";
        secrets.Add(adminSecret);
        await _gateway.Admin.PostAsJsonAsync("api/v2/admin/external-auth", new
        {
            id = "team", type = "gitlab", client_id = "team-client", client_secret = adminSecret, auth_url = $"{_gateway.Emulator.InstanceUrl("gl")}/oauth/authorize",
        });
        using (var browser = _gateway.Browser())
        {
            var start = await browser.GetAsync("login/github");
            secrets.Add(HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"]!);
            var back = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
            secrets.Add(HttpUtility.ParseQueryString(back.Query)["code"]!);
            await browser.GetAsync(back.ToString());
            secrets.Add(browser.Cookie(SessionCredentials.CookieName)!);
        }
        var link = (await Json.ReadAsync(await _gateway.Admin.PostAsync("api/v2/users/bob/login-link", null)))["url"]!.GetValue<string>();
        secrets.Add(HttpUtility.ParseQueryString(new Uri(link).Query)["key"]!);
        using (var browser = _gateway.Browser())
        {
            await browser.NavigateAsync(link);
            await browser.GetAsync(link);
            await browser.ConfirmSignInLinkAsync(link);
        }
        // Mistakes log too.
        await _gateway.Client(alice.Token + "x").GetAsync("api/v2/users/me");
        await _gateway.Client().GetAsync($"external-auth/github/callback?code={query["code"]}&state={query["state"]}");

        var logs = _logs.All;
        Assert.True(_logs.Lines.Count > 50, "the flow should have produced plenty of log lines");
        Assert.Contains(_logs.Lines, line => line.StartsWith("Debug"));
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).Distinct())
            Assert.False(logs.Contains(secret, StringComparison.Ordinal),
                $"a secret of {secret.Length} characters appears in the logs: {Around(logs, secret)}");
    }

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        var start = Math.Max(0, at - 300);
        return text[start..Math.Min(text.Length, at + secret.Length + 100)].Replace(secret, "<SECRET>");
    }

    private string RefreshTokenOf(string instance, string accessToken) =>
        _gateway.Emulator.State.Find(instance)!.Tokens.Find(accessToken)?.PairedValue ?? "";
}
