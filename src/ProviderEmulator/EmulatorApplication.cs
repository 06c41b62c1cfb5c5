using System.Text.Json;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Faults;
using GitIntegration.ProviderEmulator.Providers;
using GitIntegration.ProviderEmulator.Providers.BitbucketCloud;
using GitIntegration.ProviderEmulator.Providers.BitbucketServer;
using GitIntegration.ProviderEmulator.Providers.Entra;
using GitIntegration.ProviderEmulator.Providers.GitHub;
using GitIntegration.ProviderEmulator.Providers.GitLab;
using GitIntegration.ProviderEmulator.Providers.Gitea;
using GitIntegration.ProviderEmulator.Providers.OAuth2;

namespace GitIntegration.ProviderEmulator;

/// <summary>Wires the emulator into an ASP.NET Core application (used by Program and by EmulatorHost).</summary>
public static class EmulatorApplication
{
    public static IServiceCollection AddProviderEmulator(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EmulatorState>();
        services.Configure<RouteOptions>(o => o.SetParameterPolicy<InstanceTypeRouteConstraint>(InstanceTypeRouteConstraint.Name));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        return services;
    }

    public static WebApplication UseProviderEmulator(this WebApplication app)
    {
        app.UseMiddleware<GitHubHostRootMiddleware>();
        app.UseRouting();
        app.UseMiddleware<EmulatorEndpointMiddleware>();
        app.MapControlApi();
        app.MapGitHub();
        app.MapGitLab();
        app.MapBitbucketCloud();
        app.MapBitbucketServer();
        app.MapGitea();
        app.MapEntra();
        app.MapGenericOAuth2();
        app.MapSharedEndpoints();
        return app;
    }

    /// <summary>The standalone program: standard configuration and --urls, http://127.0.0.1:9000 when none is given.</summary>
    public static WebApplication CreateStandalone(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:9000");
        }

        // Request logging would print query strings (codes, states); keep ASP.NET Core quiet.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddProviderEmulator();
        var app = builder.Build();
        app.UseProviderEmulator();
        return app;
    }
}
