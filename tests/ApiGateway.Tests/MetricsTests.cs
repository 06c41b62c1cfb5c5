using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Web;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>
/// /metrics (OpenTelemetry's Prometheus exporter) after real traffic: a web-flow link, token requests with a refresh,
/// a refresh the provider refuses, an SSH key sync, failed requests with odd text in them. Every meter shows, and no
/// secret or user-typed text appears anywhere in the scrape.
/// </summary>
public sealed class MetricsTests(MetricsTests.Traffic traffic) : IClassFixture<MetricsTests.Traffic>
{
    [Fact]
    public void Metrics_are_Prometheus_text()
    {
        Assert.Equal(HttpStatusCode.OK, traffic.Status);
        Assert.Equal("text/plain", traffic.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", traffic.Text);
    }

    [Fact]
    public void Orleans_AspNetCore_HttpClient_and_runtime_series_are_there()
    {
        var names = traffic.SeriesNames;
        Assert.True(names.Any(n => n.StartsWith("orleans_", StringComparison.Ordinal)), "no Orleans series in: " + string.Join(" ", names));
        Assert.True(names.Any(n => n.StartsWith("dotnet_gc_", StringComparison.Ordinal)), "no runtime series in: " + string.Join(" ", names));
        Assert.Contains("http_client_request_duration_seconds_bucket", names);
        // The gateway's own requests, labelled by route template.
        Assert.Matches(Series("http_server_request_duration_seconds_count", "http_route=\"/api/v2/git/credentials/\"", "http_response_status_code=\"200\""), traffic.Text);
        Assert.Matches(Series("http_server_request_duration_seconds_count", "http_route=\"/api/v2/users/{user}\"", "http_response_status_code=\"404\""), traffic.Text);
    }

    [Fact]
    public void The_service_counts_tokens_refreshes_reauthentication_ssh_syncs_and_provider_latency()
    {
        var text = traffic.Text;
        Assert.Matches(Series("gitintegration_token_requests_total", "outcome=\"valid\"") + " [1-9]", text);
        Assert.Matches(Series("gitintegration_token_requests_total", "outcome=\"reauthentication_required\"") + " [1-9]", text);
        Assert.Matches(Series("gitintegration_token_refreshes_total", "outcome=\"success\"", "provider=\"github\"") + " [1-9]", text);
        Assert.Matches(Series("gitintegration_token_refreshes_total", "outcome=\"permanent_failure\"", "provider=\"gitlab\"") + " [1-9]", text);
        Assert.Matches(Series("gitintegration_links_reauthentication_required_total", "provider=\"gitlab\"") + " [1-9]", text);
        Assert.Matches(Series("gitintegration_ssh_key_syncs_total", "outcome=\"synced\"", "provider=\"github\"") + " [1-9]", text);
        Assert.Matches(Series("gitintegration_provider_call_duration_seconds_count", "operation=\"refresh\"", "outcome=\"success\"", "provider=\"github\"") + " [1-9]", text);
        Assert.Matches(Series("gitintegration_provider_call_duration_seconds_count", "operation=\"ssh_key_sync\"", "outcome=\"success\"", "provider=\"github\"") + " [1-9]", text);
    }

    [Fact]
    public void No_secret_and_no_text_a_user_typed_appears_in_the_metrics()
    {
        Assert.True(traffic.Secrets.Count > 15, "the traffic should have made plenty of secrets");
        foreach (var secret in traffic.Secrets)
            Assert.False(traffic.Text.Contains(secret, StringComparison.Ordinal), $"'{Redacted(secret)}' appears in /metrics");
    }

    /// <summary>A series with these labels among others (the exporter adds its own, such as otel_scope_name).</summary>
    private static string Series(string name, params string[] labels) =>
        Regex.Escape(name) + "\\{" + string.Concat(labels.Select(label => "(?=[^}]*" + Regex.Escape(label) + ")")) + "[^}]*\\}";

    private static string Redacted(string secret) => secret.Length > 8 ? secret[..4] + "…" : "…";

    /// <summary>The traffic, made once for the class, and the scrape after it.</summary>
    public sealed class Traffic : IAsyncLifetime
    {
        // Text a user types, with what could break out of a label value or a line of the exposition format.
        private const string OddText = "Zoë \"7f3a9c\" {label=\"x\"} \\ 7f3a9c\nline";

        private TestGateway _gateway = null!;

        public List<string> Secrets { get; } = [];
        public HttpStatusCode Status { get; private set; }
        public string? MediaType { get; private set; }
        public string Text { get; private set; } = "";

        public IReadOnlyList<string> SeriesNames => Text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .Distinct().ToList();

        public async Task InitializeAsync()
        {
            _gateway = await TestGateway.StartAsync();
            Secrets.Add(TestGateway.AdminToken);
            Secrets.AddRange(_gateway.Providers.Select(p => p.ClientSecret));

            var alice = await _gateway.CreateUserAsync("alice");
            Secrets.Add(alice.Token);
            var key = await Json.ReadAsync(await alice.Api.PostAsJsonAsync("api/v2/users/me/keys", new { token_name = OddText }));
            if (key["key"] is { } created)
                Secrets.Add(created.GetValue<string>());
            Secrets.AddRange([OddText, "7f3a9c", "Zoë"]);

            // A web-flow link: the code and state travel in URLs.
            var (callback, _) = await _gateway.LinkAsync(alice, "github");
            var query = HttpUtility.ParseQueryString(callback.Query);
            Secrets.Add(query["code"]!);
            Secrets.Add(query["state"]!);
            var access = await AccessTokenAsync(alice);
            Secrets.Add(access);
            Secrets.Add(RefreshTokenOf("gh", access));

            // The provider expires the token: git's erase, then a refresh hands out a new pair.
            await _gateway.Emulator.Client.ExpireTokenAsync(access);
            await EraseAsync(alice, "gh", access);
            var refreshed = await AccessTokenAsync(alice);
            Assert.NotEqual(access, refreshed);
            Secrets.Add(refreshed);
            Secrets.Add(RefreshTokenOf("gh", refreshed));

            // The SSH key goes to the provider account.
            var ssh = await Json.ReadAsync(await alice.Api.PostAsync("api/v2/external-auth/github/ssh-key", null));
            Assert.True(ssh["synced"]!.GetValue<bool>(), ssh.ToJsonString());
            var privateKey = (await Json.ReadAsync(await alice.Api.GetAsync("api/v2/users/me/gitsshkey/private")))["private_key"]!.GetValue<string>();
            Secrets.AddRange(privateKey.Split('\n').Where(line => line.Length > 20 && !line.StartsWith("-----")));

            // GitLab refuses the refresh token: the link needs re-authentication.
            await _gateway.LinkAsync(alice, "gitlab");
            var gitlabAccess = await AccessTokenAsync(alice, "gitlab");
            var gitlabRefresh = RefreshTokenOf("gl", gitlabAccess);
            Secrets.Add(gitlabAccess);
            Secrets.Add(gitlabRefresh);
            await _gateway.Emulator.Client.RevokeTokenAsync(gitlabRefresh);
            await _gateway.Emulator.Client.ExpireTokenAsync(gitlabAccess);
            await EraseAsync(alice, "gl", gitlabAccess);
            var relink = await Json.ReadAsync(await alice.Api.GetAsync("api/v2/git/credentials?id=gitlab"));
            Assert.True(relink["url"] is not null, "the refused refresh should ask for a new link: " + relink.ToJsonString());

            // A provider added by an admin, with a secret and a display name typed by hand.
            const string adminSecret = "admin-provider-secret-4c1e09";
            Secrets.Add(adminSecret);
            (await _gateway.Admin.PostAsJsonAsync("api/v2/admin/external-auth", new
            {
                id = "team", type = "gitlab", client_id = "team-client", client_secret = adminSecret, display_name = OddText,
                auth_url = $"{_gateway.Emulator.InstanceUrl("gl")}/oauth/authorize",
            })).EnsureSuccessStatusCode();

            // Sign-in with a provider: its state, code and session cookie.
            using (var browser = _gateway.Browser())
            {
                var start = await browser.GetAsync("login/github");
                Secrets.Add(HttpUtility.ParseQueryString(start.Headers.Location!.Query)["state"]!);
                var back = (await browser.GetAsync(start.Headers.Location!.ToString())).Headers.Location!;
                Secrets.Add(HttpUtility.ParseQueryString(back.Query)["code"]!);
                await browser.GetAsync(back.ToString());
                Secrets.Add(browser.Cookie(SessionCredentials.CookieName)!);
            }

            // Failed requests with secrets and odd text in the path, the query and the headers.
            const string pathText = "odd-user-5e2b7d";
            Secrets.Add(pathText);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.Api.GetAsync($"api/v2/users/{pathText}")).StatusCode);
            await _gateway.Client(alice.Token + "x").GetAsync("api/v2/users/me");
            const string remoteHost = "unknown-remote-91d2e4.example";
            Secrets.Add(remoteHost);
            await alice.Api.GetAsync($"api/v2/git/credentials?url=https://{remoteHost}/o/r.git");
            await _gateway.Client().GetAsync($"external-auth/github/callback?code={query["code"]}&state={query["state"]}");
            await _gateway.Client().GetAsync($"no/such/{Uri.EscapeDataString(OddText)}?q={Uri.EscapeDataString(OddText)}");

            var response = await _gateway.Client().GetAsync("metrics");
            Status = response.StatusCode;
            MediaType = response.Content.Headers.ContentType?.MediaType;
            Text = await response.Content.ReadAsStringAsync();
            Secrets.RemoveAll(string.IsNullOrEmpty);
        }

        public async Task DisposeAsync() => await _gateway.DisposeAsync();

        private static async Task<string> AccessTokenAsync(TestUser user, string provider = "github")
        {
            var credentials = await Json.ReadAsync(await user.Api.GetAsync($"api/v2/git/credentials?id={provider}"));
            return credentials["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException("no token: " + credentials.ToJsonString());
        }

        private Task EraseAsync(TestUser user, string instance, string token) =>
            user.Api.PostAsJsonAsync("api/v2/git/credentials/erase", new { url = $"{_gateway.Emulator.InstanceUrl(instance)}/o/r.git", password = token });

        private string RefreshTokenOf(string instance, string accessToken) =>
            _gateway.Emulator.State.Find(instance)!.Tokens.Find(accessToken)?.PairedValue ?? "";
    }
}
