using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests;

/// <summary>A silo with a bad configuration stops at once, with exit code 1 and one line naming the key.</summary>
public sealed class SiloStartupTests
{
    private static readonly string Key = Convert.ToBase64String(new byte[32]);

    [Theory]
    [InlineData("", "", "", "ConnectionStrings:Postgres: required for a silo")]
    [InlineData("GitIntegration__Storage__Provider=Sqlite", "Host=127.0.0.1", "key", "GitIntegration:Storage:Provider: a silo of a cluster needs Postgres, not 'Sqlite'.")]
    [InlineData("", "Host=127.0.0.1", "", "GitIntegration:EncryptionKeys: required in a cluster")]
    [InlineData("GitIntegration__EncryptionKeys__0=c2hvcnQ=", "Host=127.0.0.1", "", "GitIntegration:EncryptionKeys:0")]
    [InlineData("GitIntegration__Cluster__ClusterId=blue green", "Host=127.0.0.1", "key", "GitIntegration:Cluster:ClusterId: 'blue green' must be")]
    [InlineData("GitIntegration__Cluster__SiloPort=0", "Host=127.0.0.1", "key", "GitIntegration:Cluster:SiloPort: '0' is not a port number")]
    [InlineData("GitIntegration__Cluster__AdvertisedIP=0.0.0.0", "Host=127.0.0.1", "key", "GitIntegration:Cluster:AdvertisedIP: '0.0.0.0' is not an IP address")]
    [InlineData("GitIntegration__Ssh__KeygenAlgorithm=dsa", "Host=127.0.0.1", "key", "GitIntegration:Ssh:KeygenAlgorithm: 'dsa' is not ed25519, ecdsa or rsa4096.")]
    [InlineData("GitIntegration__Telemetry__Metrics=maybe", "Host=127.0.0.1", "key", "GitIntegration:Telemetry:Metrics: 'maybe' is not true or false.")]
    public async Task A_bad_configuration_stops_the_silo_with_one_line_naming_the_key(string setting, string postgres, string keys, string expected)
    {
        var environment = new Dictionary<string, string>();
        if (setting != "")
            environment[setting[..setting.IndexOf('=')]] = setting[(setting.IndexOf('=') + 1)..];
        if (postgres != "")
            environment["ConnectionStrings__Postgres"] = postgres;
        if (keys != "")
            environment["GitIntegration__EncryptionKeys__0"] = Key;
        var logs = Path.Combine(Path.GetTempPath(), "silo-startup-" + Guid.NewGuid().ToString("N")[..8]);
        await using var silo = ChildProcess.StartDotnet("silo", RepositoryRoot.ProgramDll("Silo", "GitIntegration.Silo"), [], environment, logs);

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the silo kept running");
        var output = silo.Tail().Trim();
        Assert.StartsWith(expected, output);
        Assert.DoesNotContain('\n', output);
        Assert.Equal(1, silo.ExitCode);
    }
}
