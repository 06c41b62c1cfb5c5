using GitIntegration.ProviderEmulator.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GitIntegration.ProviderEmulator;

/// <summary>
/// Runs the emulator in-process on a loopback port, for tests and the service's --demo mode.
/// Isolated from the host application's configuration: no appsettings, no environment-driven Kestrel endpoints.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Client = new EmulatorClient(baseUrl);
    }

    /// <summary>The bound base URL without a trailing slash, e.g. http://127.0.0.1:54321.</summary>
    public string BaseUrl { get; }

    /// <summary>A control API client for this emulator.</summary>
    public EmulatorClient Client { get; }

    /// <summary>The in-memory state, for in-process callers that want to look deeper than the control API.</summary>
    public EmulatorState State => _app.Services.GetRequiredService<EmulatorState>();

    /// <summary>The base URL of one instance, e.g. http://127.0.0.1:54321/gitlab.</summary>
    public string InstanceUrl(string instance) => $"{BaseUrl}/{instance}";

    public static async Task<EmulatorHost> StartAsync(string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore().UseUrls(url);
        builder.Services.AddRouting();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddProviderEmulator();
        var app = builder.Build();
        app.UseProviderEmulator();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
