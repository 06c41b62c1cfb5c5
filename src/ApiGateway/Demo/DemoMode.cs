using GitIntegration.ApiGateway.Endpoints;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains.Interfaces;
using GitIntegration.ProviderEmulator;

namespace GitIntegration.ApiGateway.Demo;

/// <summary>
/// --demo: the all-in-one service plus an in-process provider emulator registered as demo-github and demo-gitlab,
/// and a demo user whose single-use sign-in link is printed, so a newcomer can link an account in the browser at once.
/// </summary>
public sealed class DemoMode : IAsyncDisposable
{
    public const string DemoUsername = "demo";
    public const string DemoLogin = "octo-demo";

    public static readonly IReadOnlyList<EmulatedProvider> Providers =
    [
        EmulatedProvider.Create("demo-github", "github", "github", "Demo GitHub"),
        EmulatedProvider.Create("demo-gitlab", "gitlab", "gitlab", "Demo GitLab"),
    ];

    private DemoMode(EmulatorHost emulator, WebApplication app, string signInLink)
    {
        Emulator = emulator;
        App = app;
        SignInLink = signInLink;
    }

    public EmulatorHost Emulator { get; }
    public WebApplication App { get; }
    public string SignInLink { get; }

    public static async Task RunAsync(string[] args)
    {
        await using var demo = await StartAsync(args);
        var urls = demo.App.Services.GetRequiredService<PublicUrls>();
        // Printed, not logged: the link signs the demo user in once, and logs must never carry credentials.
        Console.WriteLine();
        Console.WriteLine("GitIntegration demo is running.");
        Console.WriteLine($"  Service:          {urls.Base}");
        Console.WriteLine($"  Provider emulator: {demo.Emulator.BaseUrl} (providers demo-github and demo-gitlab, account '{DemoLogin}')");
        Console.WriteLine($"  Sign in as '{DemoUsername}' (single use): {demo.SignInLink}");
        Console.WriteLine("  Then open \"Git providers\" and connect Demo GitHub or Demo GitLab. Ctrl+C stops.");
        Console.WriteLine();
        await demo.App.WaitForShutdownAsync();
    }

    /// <summary>Starts the emulator and the service, registers the demo providers and returns the demo user's sign-in link.</summary>
    public static async Task<DemoMode> StartAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var emulator = await EmulatorHost.StartAsync();
        try
        {
            await EmulatedProviders.CreateInstancesAsync(emulator, Providers, DemoLogin);
            var app = GatewayApplication.Build(args, builder =>
            {
                configure?.Invoke(builder);
                var existing = builder.Configuration.GetSection("GitIntegration:Providers").GetChildren().Count();
                builder.Configuration.AddInMemoryCollection(EmulatedProviders.Configuration(emulator, Providers, existing));
            });
            await app.StartAsync();
            var urls = app.Services.GetRequiredService<PublicUrls>();
            await EmulatedProviders.RegisterAppsAsync(emulator, Providers, urls.Base);
            var link = await SignInLinkForDemoUserAsync(app.Services, urls);
            return new DemoMode(emulator, app, link);
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> SignInLinkForDemoUserAsync(IServiceProvider services, PublicUrls urls)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var accounts = services.GetRequiredService<UserAccounts>();
        // A restart finds the demo user of the last run in ./data.
        var userId = await grains.GetGrain<IUsernameGrain>(GrainKeys.Username(DemoUsername)).GetUserIdAsync()
                     ?? (await accounts.CreateAsync(DemoUsername, Roles.Admin)).Id;
        var key = await accounts.NewSignInLinkKeyAsync(userId);
        return SignInEndpoints.TokenLink(urls, key.Key);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
