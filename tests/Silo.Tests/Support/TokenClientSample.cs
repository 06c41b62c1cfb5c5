using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>What the sample printed: on success the token is its last line; otherwise the error.</summary>
public sealed record SampleRun(int ExitCode, string Output)
{
    public string LastLine => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";
}

/// <summary>samples/TokenClient run as another .NET service would be: its own process, from its build output.</summary>
public static class TokenClientSample
{
    public static string Dll => Path.Combine(RepositoryRoot.Path, "samples", "TokenClient", "bin", RepositoryRoot.Configuration, "net10.0", "TokenClient.dll");

    /// <summary>Runs the sample for <paramref name="userId"/>'s link, with the cluster's ids and <paramref name="tls"/> settings.</summary>
    public static async Task<SampleRun> RunAsync(ClusterProcesses cluster, string userId, IReadOnlyDictionary<string, string>? tls = null)
    {
        var environment = new Dictionary<string, string>(tls ?? new Dictionary<string, string>())
        {
            ["ConnectionStrings__Postgres"] = cluster.Postgres,
            ["GitIntegration__Cluster__ServiceId"] = ClusterProcesses.ServiceId,
            ["GitIntegration__Cluster__ClusterId"] = cluster.ClusterId,
            ["DOTNET_gcServer"] = "0",
        };
        var name = "token-client-" + Guid.NewGuid().ToString("N")[..6];
        await using var sample = ChildProcess.StartDotnet(name, Dll, ["--user", userId, "--provider", ClusterProcesses.ProviderId], environment, cluster.Logs);
        Assert.True(await sample.WaitForExitAsync(TimeSpan.FromSeconds(120)), $"the sample kept running:\n{sample.Tail()}");
        return new SampleRun(sample.ExitCode, sample.Tail(200));
    }
}
