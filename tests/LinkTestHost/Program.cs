using GitIntegration.Grains;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using GitIntegration.LinkTestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Storage;

// Usage: GitIntegration.LinkTestHost --SqlitePath <file> --Link <userId/providerId> --SiloPort <port> plus the
// service's own configuration (GitIntegration:Providers:N:*, GitIntegration:EncryptionKeys) from arguments or
// environment. Starts a silo on the SQLite file and asks the link for its token; see RotationTripwire for how it ends.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
var configuration = builder.Configuration;
var keyRing = SecretKeyRing.FromConfiguration(configuration) ?? throw new InvalidOperationException("GitIntegration:EncryptionKeys is required.");
var sqlitePath = configuration["SqlitePath"] ?? throw new InvalidOperationException("--SqlitePath is required.");
builder.Services.AddSingleton(new SecretProtector(keyRing));
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(int.Parse(configuration["SiloPort"] ?? "11111"), gatewayPort: 0, serviceId: configuration["ServiceId"] ?? "gitintegration-tests")
        .AddGitIntegrationStorage(StorageTarget.Sqlite(sqlitePath))
        .AddGitIntegrationGrains(configuration);
    // The storage's own registration (a keyed singleton) wrapped in the tripwire.
    var storage = silo.Services.Last(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, "Default"));
    silo.Services.AddKeyedSingleton<IGrainStorage>("Default", (sp, key) => new RotationTripwire((IGrainStorage)storage.KeyedImplementationFactory!(sp, key)));
});

using var host = builder.Build();
await host.StartAsync();
Console.Out.WriteLine("STARTED");
var link = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IGitLinkGrain>(configuration["Link"]!);
var result = await link.GetTokenAsync();
Console.Out.WriteLine($"TOKEN-CALL-RETURNED {result.Outcome}");
await host.StopAsync();
