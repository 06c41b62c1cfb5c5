using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using GitIntegration.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace GitIntegration.Grains.Tests.Support;

/// <summary>
/// A real Orleans silo with the service's grains and storage, configured like the service (in-memory configuration
/// such as GitIntegration:Providers:N:*), on a loopback port of its own. Each silo is its own cluster (its own
/// ClusterId) over the shared ServiceId, so two of them on one store are two activations of the same grains, as
/// Orleans can briefly have during membership changes. Reminders may fire every second.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    public const string ServiceId = "gitintegration-tests";

    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host, CapturedLogs logs)
    {
        _host = host;
        Logs = logs;
    }

    /// <summary>What the silo logged (Orleans itself from Information up, the service at every level).</summary>
    public CapturedLogs Logs { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => _host.Services;

    /// <param name="reminders">False keeps reminder ticks from reaching grains (reminders are still stored): for tests
    /// that must decide themselves when a refresh happens.</param>
    public static async Task<TestSilo> StartAsync(StorageTarget storage, IReadOnlyList<string> encryptionKeys,
        IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, bool reminders = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace)
            .AddFilter("Orleans", LogLevel.Information).AddFilter("Polly", LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton(new SecretProtector(SecretKeyRing.Parse(encryptionKeys)));
        if (time is not null)
            builder.Services.AddSingleton(time);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort.Next(), gatewayPort: 0, serviceId: ServiceId, clusterId: "test-" + Guid.NewGuid().ToString("N")[..8])
                .AddGitIntegrationStorage(storage)
                .AddGitIntegrationGrains(builder.Configuration)
                .Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            if (!reminders)
                silo.AddIncomingGrainCallFilter(call => call.InterfaceMethod.Name == nameof(IRemindable.ReceiveReminder) ? Task.CompletedTask : call.Invoke());
        });
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, logs);
    }

    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

/// <summary>Waits for something the system makes true on its own; fails after a generous limit. Never asserts on time.</summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (condition(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting for: {what} (last seen: {value})");
            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, int seconds = 60) =>
        MatchesAsync(probe, ok => ok, what, seconds);
}
