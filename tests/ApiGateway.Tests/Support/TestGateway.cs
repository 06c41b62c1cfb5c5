using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GitIntegration.ApiGateway.Demo;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitIntegration.ApiGateway.Tests.Support;

/// <summary>What a test gateway runs with.</summary>
public sealed record GatewaySetup
{
    public static readonly EmulatedProvider GitHub = EmulatedProvider.Create("github", "github", "gh", "GitHub (emulated)");
    public static readonly EmulatedProvider GitLab = EmulatedProvider.Create("gitlab", "gitlab", "gl", "GitLab (emulated)", allowSignIn: false, deviceFlow: false);

    public IReadOnlyList<EmulatedProvider> Providers { get; init; } = [GitHub, GitLab];
    public Dictionary<string, string?> Settings { get; init; } = new();

    /// <summary>Settings that name the emulator's URLs (Coder's environment form, say), made once it runs.</summary>
    public Func<EmulatorHost, Dictionary<string, string?>>? SettingsFromEmulator { get; init; }
    public ILoggerProvider? Logs { get; init; }

    /// <summary>The service's clock (its caches, token expiry, sessions); the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The emulator approves authorizations at once as this account (null: it shows its consent page).</summary>
    public string? AutoApprove { get; init; } = TestGateway.Login;
}

/// <summary>
/// The real gateway (all-in-one) on a loopback port with a SQLite file in a temp folder, in front of a real
/// provider emulator, as a user would run it.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";
    public const string Login = "octo";

    private readonly Dictionary<string, string?> _settings;
    private readonly ILoggerProvider? _logs;
    private readonly TimeProvider? _time;

    private TestGateway(WebApplication app, EmulatorHost emulator, string folder, GatewaySetup setup, Dictionary<string, string?> settings)
    {
        Emulator = emulator;
        Folder = folder;
        Providers = setup.Providers;
        _settings = settings;
        _logs = setup.Logs;
        _time = setup.Time;
        Use(app);
    }

    public WebApplication App { get; private set; } = null!;
    public EmulatorHost Emulator { get; }
    public string Folder { get; }
    public IReadOnlyList<EmulatedProvider> Providers { get; }
    public string BaseUrl { get; private set; } = null!;
    public string DatabasePath => Path.Combine(Folder, "gitintegration.db");

    /// <summary>Calls with the bootstrap admin token.</summary>
    public HttpClient Admin { get; private set; } = null!;

    private void Use(WebApplication app)
    {
        App = app;
        BaseUrl = app.Services.GetRequiredService<PublicUrls>().Base;
        Admin = Client(AdminToken);
    }

    public static async Task<TestGateway> StartAsync(GatewaySetup? setup = null)
    {
        setup ??= new GatewaySetup();
        var folder = Directory.CreateTempSubdirectory("gitintegration-gateway-").FullName;
        var emulator = await EmulatorHost.StartAsync();
        await EmulatedProviders.CreateInstancesAsync(emulator, setup.Providers, Login, "other");
        foreach (var instance in setup.Providers.Select(p => p.Instance).Distinct())
            await emulator.Client.UpdateSettingsAsync(instance, new InstanceSettingsDto(AutoApprove: setup.AutoApprove ?? ""));

        var settings = new Dictionary<string, string?>
        {
            ["GitIntegration:DataDirectory"] = folder,
            ["GitIntegration:Cluster:SiloPort"] = TestSupport.FreePort.Next().ToString(),
            ["GitIntegration:Storage:SqlitePath"] = Path.Combine(folder, "gitintegration.db"),
            ["GitIntegration:AdminToken"] = AdminToken,
            ["GitIntegration:Limits:RequestsPerSecondPerCaller"] = "100000",
            ["GitIntegration:Limits:BurstPerCaller"] = "100000",
        };
        foreach (var (key, value) in EmulatedProviders.Configuration(emulator, setup.Providers))
            settings[key] = value;
        if (setup.Logs is not null)
        {
            // What an operator sets to debug: everything, the framework included.
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["Logging:LogLevel:Microsoft"] = "Trace";
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            settings["Logging:LogLevel:System"] = "Trace";
        }
        foreach (var (key, value) in setup.Settings)
            settings[key] = value;
        foreach (var (key, value) in setup.SettingsFromEmulator?.Invoke(emulator) ?? [])
            settings[key] = value;

        var gateway = new TestGateway(await StartAppAsync(settings, setup.Logs, setup.Time), emulator, folder, setup, settings);
        await EmulatedProviders.RegisterAppsAsync(emulator, setup.Providers, gateway.BaseUrl);
        return gateway;
    }

    private static async Task<WebApplication> StartAppAsync(Dictionary<string, string?> settings, ILoggerProvider? logs, TimeProvider? time)
    {
        var app = GatewayApplication.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            if (time is not null)
                builder.Services.AddSingleton(time); // registered first, so the service's TryAdd of the system clock yields
            builder.Logging.ClearProviders();
            if (logs is not null)
                builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Stops the service and starts it again on the same store (a new port; the emulator keeps running).</summary>
    public async Task RestartAsync()
    {
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Use(await StartAppAsync(_settings, _logs, _time));
    }

    /// <summary>An API client sending the token as Coder does (Coder-Session-Token), or none.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        if (token is not null)
            client.DefaultRequestHeaders.Add("Coder-Session-Token", token);
        return client;
    }

    public HttpClient BearerClient(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A browser: keeps cookies, does not follow redirects on its own.</summary>
    public Browser Browser() => new(BaseUrl);

    /// <summary>Creates a member (or admin) through the API and a session key for them.</summary>
    public async Task<TestUser> CreateUserAsync(string username, string role = "member")
    {
        var created = await Admin.PostAsJsonAsync("api/v2/users", new { username, role });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var user = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var key = await Admin.PostAsync($"api/v2/users/{username}/keys", null);
        Assert.Equal(System.Net.HttpStatusCode.Created, key.StatusCode);
        var token = JsonNode.Parse(await key.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        return new TestUser(user["id"]!.GetValue<string>(), username, token, Client(token));
    }

    public EmulatedProvider Provider(string id) => Providers.Single(p => p.Id == id);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}

public sealed record TestUser(string Id, string Username, string Token, HttpClient Api);
