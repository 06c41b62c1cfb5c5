using GitIntegration.Actors;
using GitIntegration.Actors.Hosting;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>
/// A started silo with the real GitIntegration grains, configured like the service (in-memory configuration
/// with GitIntegration:Providers:N:* pointing at the emulator), and a SecretProtector over the given keys.
/// Reminders are polled often so the scheduled refresh shows up quickly.
/// </summary>
public sealed class LinkSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private LinkSilo(IHost host, CapturedLogs logs)
    {
        _host = host;
        Logs = logs;
    }

    /// <summary>Every line the silo logged.</summary>
    public CapturedLogs Logs { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => _host.Services;

    public IGitLinkGrain Link(string userId, string providerId) => Grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(userId, providerId));

    /// <param name="reminders">False keeps reminders from firing (they are still stored): for tests that must
    /// decide themselves when a refresh happens.</param>
    public static async Task<LinkSilo> StartAsync(LinkStore store, IReadOnlyList<string> encryptionKeys,
        IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null, bool reminders = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        builder.Services.AddSingleton(new SecretProtector(SecretKeyRing.Parse(encryptionKeys)));
        if (time is not null)
            builder.Services.TryAddSingleton(time);
        builder.Services.AddActors(options =>
        {
            store.Apply(options);
            options.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
            options.ReminderPollInterval = TimeSpan.FromMilliseconds(200);
            options.ReminderLoadWindow = TimeSpan.FromSeconds(2);
            options.ReminderRetryDelay = TimeSpan.FromMilliseconds(500);
            if (!reminders)
            {
                options.ReminderLoadWindow = TimeSpan.Zero;
                options.ReminderPollInterval = TimeSpan.FromHours(1);
            }
        }).AddGitIntegrationGrains(configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new LinkSilo(host, logs);
    }

    /// <summary>Creates a user (username claimed, profile created) and returns its id.</summary>
    public async Task<string> CreateUserAsync(string username)
    {
        var userId = GrainKeys.NewUserId();
        Assert.True(await Grains.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).ClaimAsync(userId));
        await Grains.GetGrain<IUserGrain>(userId).CreateAsync(username, Roles.Member);
        return userId;
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
