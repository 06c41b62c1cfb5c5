using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator;
using Npgsql;
using Xunit.Abstractions;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>
/// The scene of the failover tests: three silos and a gateway, 1,000 users linked to the emulated GitLab whose
/// access tokens live 20 s (GitLab rotates: a refresh kills the old pair), git-credential load through the gateway
/// and acknowledged writes through the Orleans client; and the checks each of those tests ends with.
/// </summary>
public sealed class LoadedCluster : IAsyncDisposable
{
    public const int Links = 1000;
    public const int TokenLifetimeSeconds = 20;

    // Production's proportions, compressed: there a token of hours is refreshed 5 min before expiry, an attempt is
    // cut off after 20 s and claimed for 60 s, and a refresh abandoned by a dead silo is looked at again within a
    // minute or so, while the old access token still lives. Here: refreshed 10 s before expiry, cut off after 6 s
    // (this machine stalls for seconds at times), claimed for 8 s, looked at again a second after the failover.
    // The reminder budget is no limit here.
    public static readonly TimeSpan RefreshClaimLifetime = TimeSpan.FromSeconds(8);

    private static readonly Dictionary<string, string> LinkSettings = new()
    {
        ["RefreshMarginFraction"] = "0.5",
        ["ProviderCallTimeout"] = "00:00:06",
        ["RefreshClaimLifetime"] = RefreshClaimLifetime.ToString(),
        ["ScheduledRefreshesPerMinute"] = "100000",
    };

    private readonly Dictionary<string, long> _logSizesAtLoadStart;

    private LoadedCluster(ClusterProcesses cluster, LinkedUser[] users, ITestOutputHelper output)
    {
        Cluster = cluster;
        Users = users;
        Output = output;
        Load = new CredentialLoad(cluster.GatewayUrl, users, workers: 24);
        Writes = new AcknowledgedWrites(cluster.Grains, users);
        _logSizesAtLoadStart = cluster.Silos.ToDictionary(s => s.Name, s => new FileInfo(s.Process.LogPath).Length);
    }

    public ClusterProcesses Cluster { get; }
    public IReadOnlyList<LinkedUser> Users { get; }
    public ITestOutputHelper Output { get; }
    public CredentialLoad Load { get; }
    public AcknowledgedWrites Writes { get; }
    public DateTimeOffset LoadStartedAt { get; } = DateTimeOffset.UtcNow;

    public static async Task<LoadedCluster> StartAsync(ITestOutputHelper output)
    {
        var cluster = await ClusterProcesses.CreateAsync(TokenLifetimeSeconds, LinkSettings);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await cluster.AddSilosAsync(3);
            var silosReady = clock.Elapsed;
            await cluster.ConnectClientAsync();
            var linking = LinkSetup.LinkUsersAsync(cluster, Links);
            await cluster.StartGatewayAsync();
            var users = await linking;
            output.WriteLine($"silos ready after {silosReady.TotalSeconds:0.0} s, gateway and {Links} links after {clock.Elapsed.TotalSeconds:0.0} s");
            return new LoadedCluster(cluster, users, output);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public int RefreshesBetween(DateTimeOffset from, DateTimeOffset to, SiloProcess? by = null) =>
        (by is null ? Cluster.Exchanges : by.Tap.Exchanges).Count(e => e.IsRefresh && e.ReceivedAt >= from && e.ReceivedAt <= to);

    /// <summary>Waits until <paramref name="silo"/> is spending refresh tokens right now, then does
    /// <paramref name="act"/> at once, and returns when. Nothing is held back: tokens issued together come due
    /// together, so refreshes come in waves, and this waits for one.</summary>
    public async Task<DateTimeOffset> WhileRefreshingAsync(SiloProcess silo, Action act)
    {
        var at = DateTimeOffset.MinValue;
        await Eventually.HoldsAsync(() =>
        {
            var now = DateTimeOffset.UtcNow;
            if (RefreshesBetween(now.AddMilliseconds(-300), now, silo) < 3)
                return false;
            at = now;
            act();
            return true;
        }, $"{silo.Name} to be refreshing tokens", silo.Process, pollMilliseconds: 20);
        return at;
    }

    /// <summary>
    /// Brings the scene to rest: from now on the emulator issues tokens for an hour, and the load runs until every
    /// link (but those <paramref name="exempt"/> names) has refreshed once more, which also means at its new home
    /// after a move. Then the load stops, and nothing changes while the end state is checked.
    /// </summary>
    public async Task SettleAsync(Func<TokenChain, bool>? exempt = null)
    {
        var since = DateTimeOffset.UtcNow;
        await Cluster.Emulator.Client.UpdateSettingsAsync(ClusterProcesses.ProviderId, new ProviderEmulator.Control.InstanceSettingsDto(AccessTokenLifetimeSeconds: 3600));
        IReadOnlyList<TokenChain> pending = [];
        try
        {
            await Eventually.HoldsAsync(() =>
            {
                pending = TokenChains.Follow(Cluster.Exchanges, Users).Where(c => c.Last.ReceivedAt <= since && exempt?.Invoke(c) != true).ToList();
                return pending.Count == 0;
            }, "every link to refresh once more", seconds: 180, pollMilliseconds: 1000);
        }
        catch (Exception) when (pending.Count > 0)
        {
            var status = await Cluster.Grains.GetGrain<IGitLinkGrain>(pending[0].User.LinkKey).GetStatusAsync(false);
            Assert.Fail($"{pending.Count} links did not refresh since {since:HH:mm:ss.fff}, e.g. {pending[0].User.LinkKey}, {status}:\n{pending[0]}");
        }
        await Load.DisposeAsync();
        await Writes.DisposeAsync();
        Output.WriteLine($"{Load.Succeeded} credentials served ({Load.SucceededAfter(since)} while settling), {Load.Failures.Count} other answers, " +
                         $"{Writes.Count} acknowledged writes; settled in {(DateTimeOffset.UtcNow - since).TotalSeconds:0.0} s");
    }

    /// <summary>Until the survivors have voted <paramref name="silo"/> dead in the membership table (or it said so itself on the way out).</summary>
    public async Task<DateTimeOffset> WaitUntilDeclaredDeadAsync(SiloProcess silo)
    {
        const int dead = 6; // Orleans' SiloStatus.Dead
        await Eventually.HoldsAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(Cluster.Postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT status FROM orleans_membership WHERE deployment_id = @cluster AND port = @port", connection);
            command.Parameters.AddWithValue("cluster", Cluster.ClusterId);
            command.Parameters.AddWithValue("port", silo.SiloPort);
            return await command.ExecuteScalarAsync() is int status && status == dead;
        }, $"{silo.Name} to be declared dead");
        return DateTimeOffset.UtcNow;
    }

    /// <summary>Every request got a credential, except re-authentication answers for the links in
    /// <paramref name="relinked"/>; and requests kept being served after <paramref name="event"/>.</summary>
    public void AssertEveryRequestAnswered(DateTimeOffset @event, IEnumerable<TokenChain>? relinked = null)
    {
        var allowed = (relinked ?? []).Select(c => c.User.UserId).ToHashSet();
        var failures = Load.Failures.Where(f => !(f.LinkRequired && allowed.Contains(f.UserId))).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} failed requests, e.g.\n{string.Join('\n', failures.Take(5))}");
        Assert.True(Load.SucceededAfter(@event) > 0, "no request was served after the silo changed");
    }

    /// <summary>
    /// The end state every test checks: no refresh token presented twice (the emulator's own counters), the taps saw
    /// every exchange, no acknowledged write lost, and every link holds the newest pair its provider issued and the
    /// provider accepts it. Returns the links that ask for re-authentication instead, for the test to account for.
    /// </summary>
    public async Task<IReadOnlyList<TokenChain>> CheckEndStateAsync()
    {
        var counters = await Cluster.Emulator.Client.GetCountersAsync();
        Assert.All(counters.RefreshTokens, t => Assert.True(t.Presented <= 1, $"refresh token {t.TokenSha256[..12]}… presented {t.Presented} times"));
        await AssertTapsSawEveryRefreshAsync();
        await Writes.AssertAllKeptAsync(Cluster.Grains);

        var chains = TokenChains.Follow(Cluster.Exchanges, Users);
        var relink = new List<TokenChain>();
        await Parallel.ForEachAsync(chains, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (chain, _) =>
        {
            var token = await Cluster.Grains.GetGrain<IGitLinkGrain>(chain.User.LinkKey).GetTokenAsync();
            if (token.Outcome == TokenOutcome.ReauthenticationRequired)
            {
                lock (relink)
                    relink.Add(chain);
                return;
            }
            Assert.True(token.Outcome == TokenOutcome.Valid, $"{chain.User.LinkKey}: {token.Outcome} {token.Error}");
            var held = EmulatorClient.HashToken(token.AccessToken!);
            Assert.True(held == chain.Last.IssuedAccessToken,
                $"{chain.User.LinkKey} holds {held[..8]}, not the newest pair its provider issued (a rotation was lost):\n{chain}");
            Assert.True((await Cluster.Emulator.Client.IntrospectAsync(token.AccessToken!)).Active, $"{chain.User.LinkKey} holds a dead token");
        });
        Output.WriteLine($"{chains.Sum(c => c.Exchanges.Count - 1)} refreshes over {Links} links; {relink.Count} links ask for re-authentication");
        return relink;
    }

    /// <summary>The taps saw what the emulator saw, so the token chains are complete. Silos keep refreshing, so the
    /// tap snapshot is compared with emulator snapshots taken just before and just after it.</summary>
    private Task AssertTapsSawEveryRefreshAsync() => Eventually.HoldsAsync(async () =>
    {
        async Task<HashSet<string>> EmulatorSawAsync() =>
            (await Cluster.Emulator.Client.GetCountersAsync()).RefreshTokens.Select(t => t.TokenSha256).ToHashSet();
        var before = await EmulatorSawAsync();
        var taps = Cluster.Exchanges.Where(e => e.IsRefresh).Select(e => e.PresentedRefreshToken!).ToHashSet();
        var after = await EmulatorSawAsync();
        return before.IsSubsetOf(taps) && taps.IsSubsetOf(after);
    }, "the taps and the emulator to agree on the refresh tokens presented", seconds: 30);

    /// <summary>
    /// Silos log what an operator wants to read, not every call: under this load (hundreds of requests and refreshes
    /// a second) a silo's log grows by kilobytes a minute, plus the errors of a failover. The old runtime wrote about
    /// 10 MB a minute; a log line per request or per refresh would exceed the limit here many times over.
    /// </summary>
    public void AssertLogsStayedSmall()
    {
        const long limitPerMinute = 1_000_000;
        var minutes = Math.Max(1, (DateTimeOffset.UtcNow - LoadStartedAt).TotalMinutes);
        var growth = Cluster.Silos.ToDictionary(s => s.Name, s => new FileInfo(s.Process.LogPath).Length - _logSizesAtLoadStart.GetValueOrDefault(s.Name));
        Output.WriteLine($"silo logs grew by {string.Join(", ", growth.Select(g => $"{g.Key} {g.Value / 1024} KB"))} in {minutes:0.0} min of load");
        Assert.All(growth, g => Assert.True(g.Value / minutes < limitPerMinute, $"{g.Key} wrote {g.Value / minutes / 1024:0} KB a minute"));
    }

    /// <summary>How many lines of the silos' logs contain <paramref name="text"/>.</summary>
    public int LogLines(string text) => Cluster.Silos.Sum(s => LogText(s).Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal)));

    public static string LogText(SiloProcess silo)
    {
        using var reader = new StreamReader(new FileStream(silo.Process.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        await Load.DisposeAsync();
        await Writes.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
