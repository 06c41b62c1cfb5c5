using GitIntegration.ProviderEmulator.Control;
using GitIntegration.Silo.Tests.Support;
using GitIntegration.TestSupport;
using Npgsql;

namespace GitIntegration.Silo.Tests;

/// <summary>
/// Silos and a gateway as real processes on a real PostgreSQL, under steady git-credential load on 1,000 links
/// whose GitLab tokens keep expiring (refresh rotates and kills the old pair, as GitLab does).
/// </summary>
public sealed class ClusterFailoverTests
{
    private const int Links = 1000;
    private const int TokenLifetimeSeconds = 20;

    [PostgresFact]
    public async Task Killing_a_silo_under_load_fails_no_request_and_spends_no_refresh_token_twice()
    {
        await using var cluster = await StartLoadedClusterAsync(silos: 3);
        var (users, load) = await StartLoadAsync(cluster);
        var victim = cluster.Silos[1];
        await Task.Delay(TimeSpan.FromSeconds(5));

        // GitLab rotates at the moment it answers. A silo killed after GitLab answered but before the new pair is
        // in PostgreSQL (about a millisecond) loses that pair: nothing on earth can recover it. Holding refresh
        // answers at the emulator around the kill keeps the kill out of that window, so what is measured is
        // the cluster: fencing, one activation, failover. The held refreshes of the killed silo never reach GitLab.
        var hold = await cluster.Emulator.Client.AddFaultAsync(new FaultSpec(Instance: ClusterProcesses.ProviderId, Endpoint: "token", DelayMs: 3000));
        await Task.Delay(TimeSpan.FromSeconds(1));
        victim.Process.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await cluster.Emulator.Client.RemoveFaultAsync(hold.Id);

        await ClusterProcesses.WaitUntilAsync(async () => await SurvivorsHoldEverything(cluster, victim), "the survivors to take every partition");
        await Task.Delay(TimeSpan.FromSeconds(TokenLifetimeSeconds)); // every link refreshes again after the move
        await load.DisposeAsync();

        Assert.True(load.Failures.IsEmpty, $"{load.Failures.Count} failed requests, e.g.\n{string.Join('\n', load.Failures.Take(5))}");
        Assert.True(load.Succeeded > Links, $"{load.Succeeded} requests succeeded");
        await AssertEveryRefreshTokenPresentedAtMostOnceAsync(cluster);
        await AssertEveryLinkHoldsALiveTokenAsync(cluster, users);
    }

    [PostgresFact]
    public async Task Stopping_a_silo_with_SIGTERM_under_load_fails_no_request_at_all()
    {
        await using var cluster = await StartLoadedClusterAsync(silos: 3);
        var (users, load) = await StartLoadAsync(cluster);
        var leaving = cluster.Silos[0];
        await Task.Delay(TimeSpan.FromSeconds(5));

        leaving.Process.Terminate();
        Assert.True(await leaving.Process.WaitForExitAsync(TimeSpan.FromSeconds(60)), leaving.Process.Tail());
        await ClusterProcesses.WaitUntilAsync(async () => await SurvivorsHoldEverything(cluster, leaving), "the survivors to take every partition");
        await Task.Delay(TimeSpan.FromSeconds(10));
        await load.DisposeAsync();

        Assert.True(load.Failures.IsEmpty, $"{load.Failures.Count} failed requests, e.g.\n{string.Join('\n', load.Failures.Take(5))}");
        await AssertEveryRefreshTokenPresentedAtMostOnceAsync(cluster);
        await AssertEveryLinkHoldsALiveTokenAsync(cluster, users);
    }

    [PostgresFact]
    public async Task A_fourth_silo_joining_under_load_takes_its_share_without_failing_a_request()
    {
        await using var cluster = await StartLoadedClusterAsync(silos: 3);
        var (users, load) = await StartLoadAsync(cluster);
        await Task.Delay(TimeSpan.FromSeconds(3));

        await cluster.AddSiloAsync();
        await ClusterProcesses.WaitUntilAsync(async () => (await cluster.StatusesAsync()).All(s => s?.Partitions == 256), "four even shares of 256");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await load.DisposeAsync();

        Assert.True(load.Failures.IsEmpty, $"{load.Failures.Count} failed requests, e.g.\n{string.Join('\n', load.Failures.Take(5))}");
        await AssertEveryRefreshTokenPresentedAtMostOnceAsync(cluster);
        await AssertEveryLinkHoldsALiveTokenAsync(cluster, users);
    }

    [PostgresFact]
    public async Task A_silo_cut_off_from_postgres_stops_serving_before_its_leases_expire()
    {
        await using var cluster = await ClusterProcesses.CreateAsync();
        var server = new NpgsqlConnectionStringBuilder(cluster.Postgres);
        await using var proxy = new TcpProxy(server.Host!, server.Port);
        var isolated = await cluster.AddSiloAsync(new NpgsqlConnectionStringBuilder(cluster.Postgres) { Port = proxy.Port, Timeout = 2, CommandTimeout = 2 }.ConnectionString);
        var survivor = await cluster.AddSiloAsync();
        await ClusterProcesses.WaitUntilAsync(async () => (await cluster.StatusesAsync()).All(s => s?.Partitions == 512), "an even split");

        proxy.Cut();
        await ClusterProcesses.WaitUntilAsync(async () => (await cluster.StatusAsync(isolated))?.Partitions == 0, "the isolated silo to stop serving", isolated.Process);
        await using (var connection = new NpgsqlConnection(cluster.Postgres))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM partition_leases l JOIN silos s ON s.silo_id = l.owner_silo
                WHERE s.address = @address AND l.expires_at > clock_timestamp()
                """, connection);
            command.Parameters.AddWithValue("address", $"http://127.0.0.1:{isolated.SiloPort}");
            Assert.Equal(512L, (long)(await command.ExecuteScalarAsync())!); // it stopped while all its leases were still valid
        }
        await ClusterProcesses.WaitUntilAsync(async () => (await cluster.StatusAsync(survivor))?.Partitions == 1024, "the survivor to take every partition");
    }

    private static async Task<ClusterProcesses> StartLoadedClusterAsync(int silos)
    {
        var cluster = await ClusterProcesses.CreateAsync(TokenLifetimeSeconds);
        for (var i = 0; i < silos; i++)
            await cluster.AddSiloAsync();
        await cluster.StartGatewayAsync();
        var share = 1024 / silos;
        await ClusterProcesses.WaitUntilAsync(async () => (await cluster.StatusesAsync()).All(s => s?.Partitions is { } p && (p == share || p == share + 1)),
            "the silos to share the partitions evenly");
        return cluster;
    }

    private static async Task<(IReadOnlyList<LinkedUser> Users, CredentialLoad Load)> StartLoadAsync(ClusterProcesses cluster)
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var callback = $"{cluster.GatewayUrl}/external-auth/{ClusterProcesses.ProviderId}/callback";
        var users = new LinkedUser[Links];
        await Parallel.ForAsync(0, Links, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            users[i] = await LinkSetup.CreateUserAsync(cluster.Grains, $"user{i}");
            await LinkSetup.LinkByWebFlowAsync(cluster.Grains, noRedirects, callback, users[i]);
        });
        return (users, new CredentialLoad(cluster.GatewayUrl, users, workers: 24));
    }

    private static async Task<bool> SurvivorsHoldEverything(ClusterProcesses cluster, SiloProcess gone)
    {
        var statuses = await Task.WhenAll(cluster.Silos.Where(s => s != gone).Select(cluster.StatusAsync));
        return statuses.Sum(s => s?.Partitions ?? 0) == 1024;
    }

    private static async Task AssertEveryRefreshTokenPresentedAtMostOnceAsync(ClusterProcesses cluster)
    {
        var counters = await cluster.Emulator.Client.GetCountersAsync();
        Assert.NotEmpty(counters.RefreshTokens);
        Assert.All(counters.RefreshTokens, t => Assert.True(t.Presented <= 1, $"refresh token {t.TokenSha256[..12]}… presented {t.Presented} times"));
    }

    // No acknowledged refresh was lost: every link still holds a token GitLab accepts (a lost write would have
    // left a spent refresh token behind, and the next refresh would have failed or presented it twice).
    private static async Task AssertEveryLinkHoldsALiveTokenAsync(ClusterProcesses cluster, IReadOnlyList<LinkedUser> users)
    {
        foreach (var user in users)
        {
            var token = await cluster.Grains.GetGrain<Grains.Interfaces.IGitLinkGrain>(
                Grains.Interfaces.GrainKeys.Link(user.UserId, ClusterProcesses.ProviderId)).GetTokenAsync();
            Assert.Equal(Grains.Interfaces.TokenOutcome.Valid, token.Outcome);
            Assert.True((await cluster.Emulator.Client.IntrospectAsync(token.AccessToken!)).Active, $"link of {user.UserId} holds a dead token");
        }
    }
}
