using System.Net;
using GitIntegration.Actors.Cluster;
using GitIntegration.Actors.Hosting;
using GitIntegration.Grains;
using GitIntegration.Grains.Secrets;
using GitIntegration.Silo;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// dotnet run --project src/Silo [-- --urls http://127.0.0.1:8081 --GitIntegration:Cluster:SiloPort=11111 ...]
// Grain calls from gateways and other silos arrive over HTTP/2 on the silo port; health on --urls (HTTP/1.1).
var builder = WebApplication.CreateBuilder(args);
SiloSettings settings;
try
{
    settings = SiloSettings.Read(builder.Configuration);
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

var managementUrls = builder.Configuration["urls"] ?? "http://127.0.0.1:8081";
builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, ""); // the endpoints below replace it
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Any, settings.SiloPort, listen => listen.Protocols = HttpProtocols.Http2);
    foreach (var url in managementUrls.Split(';', StringSplitOptions.RemoveEmptyEntries))
    {
        var uri = new Uri(url);
        var address = uri.Host is "*" or "+" or "0.0.0.0" ? IPAddress.Any : IPAddress.Parse(uri.Host == "localhost" ? "127.0.0.1" : uri.Host);
        kestrel.Listen(address, uri.Port, listen => listen.Protocols = HttpProtocols.Http1);
    }
});
builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Services.AddSingleton(new SecretProtector(settings.KeyRing));
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
builder.Services.AddActors(options =>
{
    options.Storage = StorageProvider.Postgres;
    options.PostgresConnectionString = settings.PostgresConnectionString;
    builder.Configuration.GetSection("GitIntegration:Actors").Bind(options);
})
.AddGitIntegrationGrains(builder.Configuration)
.AddCluster(options =>
{
    builder.Configuration.GetSection("GitIntegration:Cluster").Bind(options);
    options.AdvertisedAddress = settings.AdvertisedAddress;
});

var app = builder.Build();
app.MapSiloCalls();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapGet("/readyz", async (ClusterSilo silo, SiloRuntime runtime, CancellationToken cancellationToken) =>
{
    bool storage;
    try { storage = await runtime.IsStorageReachableAsync(cancellationToken); }
    catch (Exception) { storage = false; }
    var ready = storage && silo.IsServing;
    var body = new { status = ready ? "ready" : "not ready", storage, serving = silo.IsServing, partitions = silo.ServedPartitions, activations = runtime.ActivationCount };
    return ready ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
});
await app.RunAsync();
return 0;
