using System.Security.Cryptography.X509Certificates;
using GitIntegration.Grains.Interfaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

// Prints a user's token for a provider, asking the link grain directly. Settings come from the environment or the
// command line under the names the silos read:
//   ConnectionStrings__Postgres=... GitIntegration__Cluster__ClusterId=... dotnet TokenClient.dll --user u1234 --provider github
// and, when the cluster requires mutual TLS, GitIntegration__Cluster__Tls__CertificatePath (PFX or PEM),
// __KeyPath (its PEM key), __CertificatePassword (a PFX's) and __CaCertificatePath (the cluster's CA).
var builder = Host.CreateApplicationBuilder(args);
if (builder.Configuration["user"] is not { } user || builder.Configuration["provider"] is not { } provider
    || builder.Configuration.GetConnectionString("Postgres") is not { } postgres)
{
    Console.Error.WriteLine("usage: ConnectionStrings__Postgres=... TokenClient --user <userId> --provider <providerId>");
    return 1;
}
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var cluster = builder.Configuration.GetSection("GitIntegration:Cluster");
builder.UseOrleansClient(client =>
{
    client.UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", postgres));
    client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster["ServiceId"] ?? "gitintegration", cluster["ClusterId"] ?? "gitintegration"));
    if (cluster["Tls:CertificatePath"] is { } certificatePath)
    {
        var password = cluster["Tls:CertificatePassword"];
        var certificate = File.ReadAllText(certificatePath).Contains("-----BEGIN CERTIFICATE-----")
            ? X509Certificate2.CreateFromPemFile(certificatePath, cluster["Tls:KeyPath"])
            : X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(cluster["Tls:CaCertificatePath"]!);
        client.UseTls(certificate, tls => tls.RemoteCertificateValidation = (silo, _, _) =>
        {
            using var chain = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck } };
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            return chain.Build(silo); // the silo's certificate is signed by the cluster's CA
        });
    }
});

TokenResult token;
using (var host = builder.Build())
{
    await host.StartAsync();
    var grains = host.Services.GetRequiredService<IClusterClient>();
    token = await grains.GetGrain<IGitLinkGrain>(GrainKeys.Link(user, provider)).GetTokenAsync();
    await host.StopAsync();
}
if (token.Outcome != TokenOutcome.Valid)
{
    Console.Error.WriteLine($"{token.Outcome}: {token.Error}");
    return 2;
}
Console.WriteLine(token.AccessToken);
return 0;
