using System.Web;
using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Benchmarks.Hosting;

/// <summary>
/// The provider emulator in this process with one GitLab instance whose OAuth app approves the "bench" account at
/// once, and the configuration that points the service at it. Links are made through the real web flow.
/// </summary>
public sealed class BenchProvider : IAsyncDisposable
{
    public const string ProviderId = "gitlab";
    private const string Instance = "gitlab-bench";
    private const string Callback = "http://127.0.0.1:9/external-auth/gitlab/callback";
    private readonly EmulatorHost _emulator;

    private BenchProvider(EmulatorHost emulator) => _emulator = emulator;

    public Dictionary<string, string?> Configuration => new()
    {
        ["GitIntegration:Providers:0:Id"] = ProviderId,
        ["GitIntegration:Providers:0:Type"] = "gitlab",
        ["GitIntegration:Providers:0:ClientId"] = "bench-client",
        ["GitIntegration:Providers:0:ClientSecret"] = "bench-secret",
        ["GitIntegration:Providers:0:AuthUrl"] = _emulator.InstanceUrl(Instance) + "/oauth/authorize",
    };

    public static async Task<BenchProvider> StartAsync(int accessTokenSeconds = 7200)
    {
        var emulator = await EmulatorHost.StartAsync();
        await emulator.Client.CreateInstanceAsync(Instance, "gitlab", new InstanceSettingsDto(AccessTokenLifetimeSeconds: accessTokenSeconds,
            AutoApprove: "bench", RateLimit: 0));
        await emulator.Client.CreateAccountAsync(Instance, "bench");
        await emulator.Client.RegisterAppAsync(Instance, new RegisterAppRequest("bench-client", "bench-secret", [Callback]));
        return new BenchProvider(emulator);
    }

    /// <summary>Creates a user and links it by web flow through <paramref name="grains"/> (a silo's or a client's).
    /// Returns the link's key.</summary>
    public async Task<string> LinkNewUserAsync(IGrainFactory grains, string username)
    {
        var userId = GrainKeys.NewUserId();
        await grains.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).ClaimAsync(userId);
        await grains.GetGrain<IUserGrain>(userId).CreateAsync(username, Roles.Member);
        var key = GrainKeys.Link(userId, ProviderId);
        var link = grains.GetGrain<IGitLinkGrain>(key);
        var start = await link.BeginWebFlowAsync(new BeginWebFlowRequest(Callback, null));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var approved = await browser.GetAsync(start.AuthorizeUrl);
        var query = HttpUtility.ParseQueryString(approved.Headers.Location!.Query);
        await link.CompleteWebFlowAsync(new WebFlowCallback(query["state"]!, query["code"], null, null));
        return key;
    }

    public Task SetTokenLifetimeAsync(int seconds) =>
        _emulator.Client.UpdateSettingsAsync(Instance, new InstanceSettingsDto(AccessTokenLifetimeSeconds: seconds));

    /// <summary>Refresh grants the emulator has answered with a new pair.</summary>
    public async Task<long> RefreshesAsync() =>
        (await _emulator.Client.GetCountersAsync()).Refreshes.FirstOrDefault(r => r.Instance == Instance)?.Succeeded ?? 0;

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();
}
