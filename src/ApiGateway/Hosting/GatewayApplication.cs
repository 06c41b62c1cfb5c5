using System.Text.Json;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Endpoints;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Limits;
using GitIntegration.ApiGateway.Requests;
using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using GitIntegration.Grains.Telemetry;
using GitIntegration.ServiceDefaults;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// Builds the all-in-one application: the HTTP API in front of a silo hosting every grain in this process.
/// Program and the tests both start it through here.
/// </summary>
public static class GatewayApplication
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Checks the configuration (throwing <see cref="StartupException"/> with one line) and builds the app.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, GatewayMode mode = GatewayMode.AllInOne)
    {
        // appsettings.json and wwwroot/ are copied beside the binary; ./data stays relative to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var settings = StartupConfiguration.Read(builder.Configuration, mode);
        var sqlitePath = mode == GatewayMode.AllInOne && settings.Storage.Kind == StorageKind.Sqlite ? settings.SqlitePath : null;
        DataFolder.Prepare(settings.Gateway.DataDirectory, sqlitePath);
        // Two silos on one SQLite file would be two activations of every link; the second process is refused.
        var dataLock = sqlitePath is null ? null : DataFolderLock.Acquire(sqlitePath);

        if (!HasConfiguredUrls(builder.Configuration))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.Gateway.Limits.MaxRequestBodyBytes;
            RequestHeadLimitMiddleware.RaiseKestrelLimits(kestrel.Limits);
        });
        ConfigureLogging(builder.Logging);
        AddServices(builder, settings);
        if (dataLock is not null)
            builder.Services.AddSingleton(_ => dataLock); // created by the container, so disposing the app releases it

        var app = builder.Build();
        app.Services.GetService<DataFolderLock>();
        UsePipeline(app);
        MapEndpoints(app);
        LogNotices(app, settings);
        return app;
    }

    private static void AddServices(WebApplicationBuilder builder, StartupSettings settings)
    {
        var services = builder.Services;
        services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.Section));
        services.PostConfigure<GatewayOptions>(options => options.AdminToken = null); // the credential lives in AdminCredential only
        services.AddSingleton(new SecretProtector(settings.KeyRing));
        services.AddSingleton(new AdminCredential(settings.AdminToken));
        GrainBackend.Add(builder, settings);
        builder.AddServiceTelemetry("gitintegration-gateway", GitIntegrationMetrics.MeterName);

        services.AddSingleton<SessionValidator>();
        services.AddSingleton<SignInFlowCookie>();
        services.AddSingleton<SignInLinks>();
        services.AddSingleton<WebFlowCookie>();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<UserLookup>();
        services.AddSingleton<LinkAccess>();
        services.AddSingleton<LinkValidationCache>();
        services.AddSingleton<ProviderSignIn>();
        services.AddGatewayAuthorization();
        services.AddRequestLimits(settings.Gateway.Limits);
        services.AddOpenApi(ApiReferenceEndpoints.DescribeDocument);
        // Nothing here uses ASP.NET Core data protection, but the framework creates a key ring; keep it under data/, not in $HOME.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(Path.Combine(settings.Gateway.DataDirectory, "aspnet-keys"))));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default);
            options.SerializerOptions.MaxDepth = 32;
        });
    }

    private static void UsePipeline(WebApplication app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseMiddleware<RequestHeadLimitMiddleware>();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        // The web UI's files are never under /api; without the branch both middlewares ask the file system about every
        // API request (a directory and a file lookup each), which showed in the credentials hot path's profile.
        if (Directory.Exists(app.Environment.WebRootPath))
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api"), web => web.UseDefaultFiles().UseStaticFiles());
        app.UseRouting();
        app.UseMiddleware<SessionAuthenticationMiddleware>();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthorization();
        app.UseMiddleware<JsonCharsetMiddleware>();
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapServiceHealthChecks();
        app.MapServiceMetrics();
        app.MapOpenApi().AllowAnonymous();
        app.MapSignInEndpoints();
        app.MapUserEndpoints();
        app.MapUserSshKeyEndpoints();
        app.MapExternalAuthEndpoints();
        app.MapExternalAuthExtensionEndpoints();
        app.MapOAuthCallbackEndpoints();
        app.MapGitCredentialEndpoints();
        app.MapWorkspaceAgentEndpoints();
        app.MapAdminEndpoints();
        app.MapAdminDashboard();
        app.MapApiReference();
    }

    /// <summary>Query strings (codes, states, sign-in keys) must never reach a log, whatever the configured level.</summary>
    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.Http.Result.RedirectResult", LogLevel.Warning); // logs the target: OAuth state in the query
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error); // unused here; its key-ring notices only confuse
        logging.AddFilter("Orleans", LogLevel.Warning); // the co-hosted silo's start-up chatter; problems still show
        logging.AddFilter("Polly", LogLevel.Warning); // Orleans' placement pipeline logs every attempt at Information
    }

    private static void LogNotices(WebApplication app, StartupSettings settings)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GitIntegration.ApiGateway");
        foreach (var notice in settings.Notices)
            logger.Log(notice.Level, "{Notice}", notice.Message);
    }

    private static bool HasConfiguredUrls(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"]) || !string.IsNullOrEmpty(configuration["ASPNETCORE_URLS"])
        || !string.IsNullOrEmpty(configuration["http_ports"]) || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
