using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>
/// One test's world: an emulator with one provider, a store, encryption keys, and a silo that can be stopped and
/// started again on the same store (a restart), with a user who links the provider.
/// </summary>
public sealed class LinkScenario : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;

    private LinkScenario(EmulatorHost emulator, ProviderSandbox provider, LinkStore store, Dictionary<string, string?> settings)
    {
        Emulator = emulator;
        Provider = provider;
        Store = store;
        _settings = settings;
        Keys = [SecretKeyRing.GenerateKey()];
    }

    public EmulatorHost Emulator { get; }
    public EmulatorClient Client => Emulator.Client;
    public ProviderSandbox Provider { get; }
    public LinkStore Store { get; }
    public IReadOnlyList<string> Keys { get; set; }
    public IReadOnlyDictionary<string, string?> Settings => _settings;
    public LinkSilo? Silo { get; private set; }
    public string UserId { get; private set; } = "";
    public string LinkKey => GrainKeys.Link(UserId, Provider.ProviderId);
    public IGitLinkGrain Link => Silo!.Link(UserId, Provider.ProviderId);

    /// <param name="links">GitIntegration:Links:* settings, e.g. ("RefreshMarginFraction", "0.5").</param>
    public static async Task<LinkScenario> CreateAsync(string kind, int? accessTokenSeconds = null, bool postgres = false,
        params (string Key, string Value)[] links)
    {
        var emulator = await EmulatorHost.StartAsync();
        var provider = await ProviderSandbox.CreateAsync(emulator, kind, accessTokenSeconds);
        var settings = ProviderSandbox.Configuration(provider);
        foreach (var (key, value) in links)
            settings[$"GitIntegration:Links:{key}"] = value;
        return new LinkScenario(emulator, provider, await LinkStore.CreateAsync(postgres), settings);
    }

    public void Set(string key, string? value) => _settings[key] = value;

    /// <summary>Starts a silo on the store, stopping the running one first (a restart).</summary>
    public async Task<LinkSilo> StartSiloAsync(TimeProvider? time = null, bool reminders = true)
    {
        await StopSiloAsync();
        Silo = await LinkSilo.StartAsync(Store, Keys, _settings, time, reminders);
        await Provider.PrepareAsync(Silo);
        return Silo;
    }

    public async Task StopSiloAsync()
    {
        if (Silo is not null)
            await Silo.StopAsync();
    }

    /// <summary>Creates the user and links the provider by web flow.</summary>
    public async Task<WebFlowResult> LinkUserAsync(string username = "alice")
    {
        UserId = await Silo!.CreateUserAsync(username);
        return await Provider.LinkByWebFlowAsync(Link);
    }

    public async Task<RefreshOutcomeCount> RefreshesAsync() =>
        (await Client.GetCountersAsync()).Refreshes.FirstOrDefault(r => r.Instance == Provider.Instance)
        ?? new RefreshOutcomeCount(Provider.Instance, 0, 0);

    public async Task<IReadOnlyList<RefreshTokenCount>> RefreshTokenPresentationsAsync() =>
        (await Client.GetCountersAsync()).RefreshTokens.Where(r => r.Instance == Provider.Instance).ToList();

    public Task<long> TokenEndpointCallsAsync() => Client.GetEndpointCallsAsync(Provider.Instance, "token");

    /// <summary>Waits until the stored token has expired (a condition, not a timed assertion).</summary>
    public static async Task WaitUntilPastAsync(DateTimeOffset moment)
    {
        while (DateTimeOffset.UtcNow <= moment.AddMilliseconds(100))
            await Task.Delay(100);
    }

    public async ValueTask DisposeAsync()
    {
        await StopSiloAsync();
        await Emulator.DisposeAsync();
        Store.Dispose();
    }
}
