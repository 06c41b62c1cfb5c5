using System.Web;
using GitIntegration.Actors;
using GitIntegration.Actors.Hosting;
using GitIntegration.Benchmarks.Actors;
using GitIntegration.Grains;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Benchmarks.Links;

/// <summary>
/// A provider emulator with one GitLab instance and a silo hosting the real link grains (plus the no-op ping
/// grain as the same-run baseline) on a SQLite file that survives restarts of the silo.
/// </summary>
public sealed class BenchLinkWorld : IAsyncDisposable
{
    private const string Instance = "gitlab-bench";
    private const string ProviderId = "gitlab";
    private const string Callback = "http://127.0.0.1:9/external-auth/gitlab/callback";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bench-links-" + Guid.NewGuid().ToString("N"));
    private readonly string _key = SecretKeyRing.GenerateKey();
    private EmulatorHost _emulator = null!;
    private IHost? _silo;

    public IGrainFactory Grains => _silo!.Services.GetRequiredService<IGrainFactory>();
    public EmulatorClient Emulator => _emulator.Client;
    private string SqlitePath => Path.Combine(_folder, "links.db");

    public static async Task<BenchLinkWorld> StartAsync(int accessTokenSeconds)
    {
        var world = new BenchLinkWorld();
        world._emulator = await EmulatorHost.StartAsync();
        var client = world._emulator.Client;
        await client.CreateInstanceAsync(Instance, "gitlab", new InstanceSettingsDto(AccessTokenLifetimeSeconds: accessTokenSeconds, AutoApprove: "bench",
            RateLimit: 0));
        await client.CreateAccountAsync(Instance, "bench");
        await client.RegisterAppAsync(Instance, new RegisterAppRequest("bench-client", "bench-secret", [Callback]));
        await world.StartSiloAsync();
        return world;
    }

    public async Task StartSiloAsync()
    {
        await StopSiloAsync();
        var settings = new Dictionary<string, string?>
        {
            ["GitIntegration:Providers:0:Id"] = ProviderId,
            ["GitIntegration:Providers:0:Type"] = "gitlab",
            ["GitIntegration:Providers:0:ClientId"] = "bench-client",
            ["GitIntegration:Providers:0:ClientSecret"] = "bench-secret",
            ["GitIntegration:Providers:0:AuthUrl"] = _emulator.InstanceUrl(Instance) + "/oauth/authorize",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new SecretProtector(SecretKeyRing.Parse([_key])));
        builder.Services.AddActors(o => o.SqlitePath = SqlitePath)
            .AddGitIntegrationGrains(configuration)
            .AddGrain<IPingGrain, PingGrain>();
        _silo = builder.Build();
        await _silo.StartAsync();
    }

    public async Task StopSiloAsync()
    {
        if (_silo is null)
            return;
        await _silo.StopAsync();
        _silo.Dispose();
        _silo = null;
    }

    /// <summary>The link with this key, through the running silo.</summary>
    public IGitLinkGrain Link(string key) => Grains.GetGrain<IGitLinkGrain>(key);

    /// <summary>Creates a user and links it by web flow (the emulator approves at once). Returns the link's key.</summary>
    public async Task<string> LinkNewUserAsync(string username)
    {
        var userId = GrainKeys.NewUserId();
        await Grains.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).ClaimAsync(userId);
        await Grains.GetGrain<IUserGrain>(userId).CreateAsync(username, Roles.Member);
        var key = GrainKeys.Link(userId, ProviderId);
        var link = Link(key);
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(Callback, null));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var approved = await browser.GetAsync(start.AuthorizeUrl);
        var query = HttpUtility.ParseQueryString(approved.Headers.Location!.Query);
        await link.CompleteWebFlowAsync(new WebFlowCallback(query["state"]!, query["code"], null, null));
        return key;
    }

    public Task SetTokenLifetimeAsync(int seconds) =>
        Emulator.UpdateSettingsAsync(Instance, new InstanceSettingsDto(AccessTokenLifetimeSeconds: seconds));

    /// <summary>Refresh reminders would refresh the expired links as soon as the silo starts; the measurement is
    /// about callers finding a link expired, so they go (the silo is stopped while this runs).</summary>
    public async Task DropRefreshRemindersAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqlitePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_type = 'gitlink' AND name = 'refresh'";
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> RefreshesAsync() =>
        (await Emulator.GetCountersAsync()).Refreshes.FirstOrDefault(r => r.Instance == Instance)?.Succeeded ?? 0;

    public async ValueTask DisposeAsync()
    {
        await StopSiloAsync();
        await _emulator.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
