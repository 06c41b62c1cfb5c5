using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Storage;
using GitIntegration.Grains.Secrets;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>Everything start-up checked, ready to use. Notices are logged once logging exists.</summary>
public sealed record StartupSettings(
    GatewayMode Mode,
    GatewayOptions Gateway,
    StorageTarget Storage,
    string SqlitePath,
    string? PostgresConnectionString,
    ClusterSettings Cluster,
    SecretKeyRing KeyRing,
    string AdminToken,
    IReadOnlyList<StartupNotice> Notices);

public sealed record StartupNotice(LogLevel Level, string Message);
