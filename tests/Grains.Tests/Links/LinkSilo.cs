using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Tests.Support;
using GitIntegration.TestSupport;

namespace GitIntegration.Grains.Tests.Links;

/// <summary>A <see cref="TestSilo"/> on a <see cref="LinkStore"/>, with the helpers link tests use.</summary>
public sealed class LinkSilo : IAsyncDisposable
{
    private readonly TestSilo _silo;

    private LinkSilo(TestSilo silo) => _silo = silo;

    public CapturedLogs Logs => _silo.Logs;
    public IGrainFactory Grains => _silo.Grains;
    public IServiceProvider Services => _silo.Services;

    public IGitLinkGrain Link(string userId, string providerId) => Grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(userId, providerId));

    /// <param name="reminders">False keeps reminder ticks from reaching the link: for tests that must decide
    /// themselves when a refresh happens.</param>
    public static async Task<LinkSilo> StartAsync(LinkStore store, IReadOnlyList<string> encryptionKeys,
        IReadOnlyDictionary<string, string?> settings, TimeProvider? time = null, bool reminders = true) =>
        new(await TestSilo.StartAsync(store.Target, encryptionKeys, settings, time, reminders));

    /// <summary>Creates a user (username claimed, profile created) and returns its id.</summary>
    public async Task<string> CreateUserAsync(string username)
    {
        var userId = GrainKeys.NewUserId();
        Assert.True(await Grains.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).ClaimAsync(userId));
        await Grains.GetGrain<IUserGrain>(userId).CreateAsync(username, Roles.Member);
        return userId;
    }

    public Task StopAsync() => _silo.StopAsync();

    public ValueTask DisposeAsync() => _silo.DisposeAsync();
}
