using GitIntegration.Actors;
using GitIntegration.Actors.Hosting;
using GitIntegration.Actors.Storage;
using GitIntegration.Grains;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Secrets;
using GitIntegration.LinkTestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: GitIntegration.LinkTestHost --SqlitePath <file> --Link <userId/providerId> plus the service's own
// configuration (GitIntegration:Providers:N:*, GitIntegration:EncryptionKeys) from arguments or environment.
// Starts a silo on the SQLite file and asks the link for its token; see RotationTripwire for how it ends.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
var configuration = builder.Configuration;
var keyRing = SecretKeyRing.FromConfiguration(configuration) ?? throw new InvalidOperationException("GitIntegration:EncryptionKeys is required.");
builder.Services.AddSingleton(new SecretProtector(keyRing));
builder.Services.AddActors(o => o.SqlitePath = configuration["SqlitePath"] ?? throw new InvalidOperationException("--SqlitePath is required."))
    .AddGitIntegrationGrains(configuration);

var storage = builder.Services.Last(d => d.ServiceType == typeof(IGrainStorage));
builder.Services.Remove(storage);
builder.Services.AddSingleton<IGrainStorage>(sp => new RotationTripwire((IGrainStorage)storage.ImplementationFactory!(sp)));

using var host = builder.Build();
await host.StartAsync();
Console.Out.WriteLine("STARTED");
var link = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IGitLinkGrain>(configuration["Link"]!);
var result = await link.GetTokenAsync();
Console.Out.WriteLine($"TOKEN-CALL-RETURNED {result.Outcome}");
await host.StopAsync();
