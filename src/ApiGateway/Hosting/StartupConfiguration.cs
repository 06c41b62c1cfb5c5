using GitIntegration.Grains.Hosting;
using GitIntegration.Grains.Storage;
using GitIntegration.Grains.Secrets;
using GitIntegration.ServiceDefaults;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// Reads and checks the configuration before anything starts. The first problem throws a
/// <see cref="StartupException"/> whose message is one line naming the key, e.g.
/// "GitIntegration:Storage:Provider: 'Mysql' is not Sqlite or Postgres".
/// </summary>
public static class StartupConfiguration
{
    private const string Prefix = GatewayOptions.Section + ":";

    public static StartupSettings Read(IConfiguration configuration, GatewayMode mode = GatewayMode.AllInOne)
    {
        var notices = new List<StartupNotice>();
        var gateway = BindGateway(configuration);
        var (storage, sqlitePath, postgres) = ReadStorage(configuration, mode);
        CheckPublicUrl(gateway.PublicUrl);
        CheckLimits(gateway);
        if ((SharedSettings.SshAlgorithmProblem(configuration) ?? SharedSettings.ProvidersProblem(configuration)
             ?? ServiceTelemetry.SwitchProblem(configuration)) is { } problem)
            throw new StartupException(problem);
        if (mode == GatewayMode.Gateway)
            RequireClusterSecrets(configuration, gateway);
        var cluster = ReadCluster(configuration);
        var keyRing = ReadKeyRing(configuration, gateway.DataDirectory, notices);
        var adminToken = ReadAdminToken(gateway, notices);
        var target = storage == StorageKind.Postgres ? StorageTarget.Postgres(postgres!) : StorageTarget.Sqlite(sqlitePath);
        return new StartupSettings(mode, gateway, target, sqlitePath, postgres, cluster, keyRing, adminToken, notices);
    }

    private static GatewayOptions BindGateway(IConfiguration configuration)
    {
        var options = new GatewayOptions();
        try
        {
            configuration.GetSection(GatewayOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the target type; the value of a string setting never fails to bind.
            throw new StartupException(e.Message);
        }
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            throw new StartupException($"{Prefix}DataDirectory: must not be empty.");
        return options;
    }

    private static ClusterSettings ReadCluster(IConfiguration configuration)
    {
        try
        {
            return ClusterSettings.Read(configuration);
        }
        catch (ClusterSettingsException e)
        {
            throw new StartupException(e.Message);
        }
    }

    private static (StorageKind, string, string?) ReadStorage(IConfiguration configuration, GatewayMode mode)
    {
        var providerKey = Prefix + "Storage:Provider";
        var provider = configuration[providerKey];
        StorageKind storage;
        if (mode == GatewayMode.Gateway && string.IsNullOrWhiteSpace(provider))
            storage = StorageKind.Postgres; // a gateway finds the cluster through its PostgreSQL
        else if (mode == GatewayMode.Gateway && !provider!.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            throw new StartupException($"{providerKey}: '{provider}' cannot serve a cluster; --mode gateway needs Postgres.");
        else if (string.IsNullOrWhiteSpace(provider) || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            storage = StorageKind.Sqlite;
        else if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            storage = StorageKind.Postgres;
        else
            throw new StartupException($"{providerKey}: '{provider}' is not Sqlite or Postgres.");

        var sqlitePath = configuration[Prefix + "Storage:SqlitePath"];
        if (sqlitePath is not null && string.IsNullOrWhiteSpace(sqlitePath))
            throw new StartupException($"{Prefix}Storage:SqlitePath: must not be empty.");
        var postgres = SharedSettings.PostgresConnectionString(configuration);
        if (storage == StorageKind.Postgres && string.IsNullOrWhiteSpace(postgres))
            throw new StartupException($"ConnectionStrings:Postgres: required when {providerKey} is Postgres.");
        return (storage, sqlitePath ?? "data/gitintegration.db", postgres);
    }

    // Every gateway and silo of a cluster must share these; generating them per process would split the cluster.
    private static void RequireClusterSecrets(IConfiguration configuration, GatewayOptions gateway)
    {
        if (SecretKeyRing.FromConfiguration(configuration) is null)
            throw new StartupException($"{SecretKeyRing.ConfigurationKey}: required with --mode gateway (the keys the silos use).");
        if (gateway.AdminToken is null)
            throw new StartupException($"{Prefix}AdminToken: required with --mode gateway (every gateway must accept the same one).");
    }

    private static void CheckPublicUrl(string? publicUrl)
    {
        if (publicUrl is null)
            return;
        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new StartupException($"{Prefix}PublicUrl: '{publicUrl}' is not an absolute http(s) URL without query.");
    }

    private static void CheckLimits(GatewayOptions gateway)
    {
        var limits = gateway.Limits;
        var key = Prefix + "Limits:";
        if (limits.MaxRequestBodyBytes < 1024)
            throw new StartupException($"{key}MaxRequestBodyBytes: {limits.MaxRequestBodyBytes} is below the minimum of 1024.");
        if (limits.RequestsPerSecondPerCaller < 1)
            throw new StartupException($"{key}RequestsPerSecondPerCaller: must be at least 1.");
        if (limits.BurstPerCaller < limits.RequestsPerSecondPerCaller)
            throw new StartupException($"{key}BurstPerCaller: must be at least RequestsPerSecondPerCaller ({limits.RequestsPerSecondPerCaller}).");
        if (limits.RequestTimeout < TimeSpan.FromSeconds(1))
            throw new StartupException($"{key}RequestTimeout: must be at least 1 second.");
        if (limits.MaxListenSeconds is < 1 or > 3600)
            throw new StartupException($"{key}MaxListenSeconds: {limits.MaxListenSeconds} is not between 1 and 3600.");
        if (gateway.SessionLifetime < TimeSpan.FromMinutes(1))
            throw new StartupException($"{Prefix}SessionLifetime: must be at least one minute.");
        if (gateway.SignInLinkLifetime < TimeSpan.FromMinutes(1))
            throw new StartupException($"{Prefix}SignInLinkLifetime: must be at least one minute.");
    }

    private static SecretKeyRing ReadKeyRing(IConfiguration configuration, string dataDirectory, List<StartupNotice> notices)
    {
        try
        {
            if (SecretKeyRing.FromConfiguration(configuration) is { } configured)
                return configured;
            var key = LocalSecrets.ReadOrCreate(dataDirectory, LocalSecrets.EncryptionKeyFile, SecretKeyRing.GenerateKey, out var created);
            var path = Path.GetFullPath(Path.Combine(dataDirectory, LocalSecrets.EncryptionKeyFile));
            if (created)
                notices.Add(new StartupNotice(LogLevel.Warning,
                    $"{SecretKeyRing.ConfigurationKey} is not set: generated an encryption key into {path}. Back it up; without it stored tokens cannot be read."));
            return SecretKeyRing.Parse([key], path);
        }
        catch (SecretKeyConfigurationException e)
        {
            throw new StartupException(e.Message);
        }
    }

    private static string ReadAdminToken(GatewayOptions gateway, List<StartupNotice> notices)
    {
        if (gateway.AdminToken is { } configured)
        {
            if (configured.Length < 16 || configured.Any(char.IsWhiteSpace))
                throw new StartupException($"{Prefix}AdminToken: must be at least 16 characters without spaces.");
            return configured;
        }
        var token = LocalSecrets.ReadOrCreate(gateway.DataDirectory, LocalSecrets.AdminTokenFile, LocalSecrets.NewAdminToken, out var created);
        var path = Path.GetFullPath(Path.Combine(gateway.DataDirectory, LocalSecrets.AdminTokenFile));
        if (token.Length < 16)
            throw new StartupException($"{path}: the admin token in this file is shorter than 16 characters.");
        notices.Add(new StartupNotice(LogLevel.Information,
            created ? $"Generated the admin token into {path}." : $"The admin token is in {path}."));
        return token;
    }
}
