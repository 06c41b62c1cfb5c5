using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitIntegration.Silo.Tests.Support;
using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests;

/// <summary>
/// deploy/local-cluster.sh as an operator uses it: two silos and a gateway come up, kill -9 of a silo leaves the
/// rest serving, and SIGTERM to the script stops everything, PostgreSQL included, within seconds although the
/// gateway is holding long polls.
/// </summary>
public sealed partial class LocalClusterScriptTests
{
    [PostgresFact]
    public async Task The_script_survives_a_killed_silo_and_stops_everything_quickly_on_SIGTERM()
    {
        var gatewayPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["GATEWAY_PORT"] = gatewayPort.ToString(),
            ["SILO_BASE_PORT"] = FreeSiloBase(silos: 2).ToString(),
            // The environment reaches silos and gateway: a fast failure detector and a provider for the long polls.
            ["GitIntegration__Cluster__Membership__ProbeTimeout"] = "00:00:02",
            ["GitIntegration__Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["GitIntegration__Cluster__Membership__GatewayListRefreshPeriod"] = "00:00:02",
            ["GitIntegration__Providers__0__Id"] = "gitlab",
            ["GitIntegration__Providers__0__Type"] = "gitlab",
            ["GitIntegration__Providers__0__ClientId"] = "script-test",
            ["GitIntegration__Providers__0__ClientSecret"] = "script-test-secret",
            ["DOTNET_gcServer"] = "0",
        };
        if (RepositoryRoot.Configuration == "Release")
            environment["LOCAL_CLUSTER_NO_BUILD"] = "1"; // this test project's references built them
        var logs = Path.Combine(Path.GetTempPath(), "local-cluster-test-" + Guid.NewGuid().ToString("N")[..8]);
        await using var script = ChildProcess.Start("local-cluster", "bash", [Path.Combine(RepositoryRoot.Path, "deploy", "local-cluster.sh"), "2"], environment, logs);
        try
        {
            await Eventually.HoldsAsync(() => script.Tail(200).Contains("Ctrl-C stops everything"), "the cluster to be up", script, seconds: 300);
            var output = script.Tail(200);
            var pids = ProcessIds().Matches(output).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
            Assert.Equal(["gateway", "silo1", "silo2"], pids.Keys.Order());
            Assert.Contains($"a gateway at http://127.0.0.1:{gatewayPort}", output);
            var folder = LogFolder().Match(output).Groups[1].Value;
            var postgresPort = int.Parse(PostgresPort().Match(output).Groups[1].Value);
            using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(90) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(folder, "admin-token"))).Trim());
            var userId = await CreateUserAsync(admin);
            var longPolls = await StartLongPollsAsync(gatewayPort, await CreateKeyAsync(admin, userId));

            Process.GetProcessById(pids["silo1"]).Kill();
            await Eventually.HoldsAsync(() => script.Tail(200).Contains($"silo1 (pid {pids["silo1"]}) exited"), "the script to notice", script);
            await Eventually.HoldsAsync(async () => (await admin.GetAsync($"/api/v2/users/{userId}")).StatusCode == HttpStatusCode.OK,
                "the gateway to answer from the surviving silo", script);
            Assert.True(IsRunning(pids["silo2"]) && IsRunning(pids["gateway"]), "a silo's death took others with it");
            Assert.All(longPolls, poll => Assert.False(poll.IsCompleted, "a long poll ended early"));

            var clock = Stopwatch.StartNew();
            script.Terminate();
            Assert.True(await script.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the script did not stop");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"stopping took {clock.Elapsed.TotalSeconds:0} s");
            Assert.All(pids.Values, pid => Assert.False(IsRunning(pid), $"pid {pid} is still running"));
            Assert.False(await AcceptsConnectionsAsync(postgresPort), "PostgreSQL is still running");
        }
        finally
        {
            script.Terminate();
            await script.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static async Task<string> CreateUserAsync(HttpClient admin)
    {
        using var response = await admin.PostAsJsonAsync("/api/v2/users", new { username = "operator", role = "member" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string userId)
    {
        using var response = await admin.PostAsJsonAsync($"/api/v2/users/{userId}/keys", new { token_name = "long polls" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>The user has not linked, so these wait a minute in the gateway: requests in flight at the stop.</summary>
    private static async Task<IReadOnlyList<Task>> StartLongPollsAsync(int gatewayPort, string key)
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var url = $"http://127.0.0.1:{gatewayPort}/api/v2/git/credentials?listen=true&timeout=60&url=" + Uri.EscapeDataString("https://gitlab.com/group/project.git");
        var polls = Enumerable.Range(0, 4).Select(_ => (Task)http.GetAsync(url).ContinueWith(t => t.Exception)).ToList(); // they fail when the gateway goes
        await Task.Delay(TimeSpan.FromSeconds(1)); // they are in the gateway now (or failed, which the test sees)
        Assert.All(polls, poll => Assert.False(poll.IsCompleted, "a long poll ended at once"));
        return polls;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A base whose silo, client and health ports (base+i, base+100+i, base+200+i) are all free now.</summary>
    private static int FreeSiloBase(int silos)
    {
        for (var attempt = 0; ; attempt++)
        {
            var candidate = Random.Shared.Next(20_000, 40_000);
            var ports = Enumerable.Range(1, silos).SelectMany(i => new[] { candidate + i, candidate + 100 + i, candidate + 200 + i });
            if (ports.All(IsFree) || attempt == 50)
                return candidate;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"local-cluster: (\w+) is pid (\d+)")]
    private static partial Regex ProcessIds();

    [GeneratedRegex(@"admin-token\) are in (\S+);")]
    private static partial Regex LogFolder();

    [GeneratedRegex(@"PostgreSQL on 127\.0\.0\.1:(\d+)")]
    private static partial Regex PostgresPort();
}
