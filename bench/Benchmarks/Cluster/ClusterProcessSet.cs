using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>Silo and gateway processes from their Release build outputs, killed together when disposed.</summary>
public sealed class ClusterProcessSet : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly Dictionary<string, string> _environment;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public ClusterProcessSet(IReadOnlyDictionary<string, string?> configuration)
    {
        // Configuration keys become environment variables (':' → '__'), as in a container.
        _environment = configuration.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value!);
    }

    public async Task StartSiloAsync()
    {
        var siloPort = FreePort();
        var healthPort = FreePort();
        Start(Program("Silo", "GitIntegration.Silo"), ["--urls", $"http://127.0.0.1:{healthPort}"], new()
        {
            ["GitIntegration__Cluster__SiloPort"] = siloPort.ToString(),
            ["GitIntegration__Cluster__AdvertisedAddress"] = $"http://127.0.0.1:{siloPort}",
        });
        await WaitReadyAsync($"http://127.0.0.1:{healthPort}/readyz");
    }

    public async Task<string> StartGatewayAsync()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        Start(Program("ApiGateway", "GitIntegration.ApiGateway"), ["--mode", "gateway", "--urls", url], new() { ["GitIntegration__PublicUrl"] = url });
        await WaitReadyAsync(url + "/readyz");
        return url;
    }

    private void Start(string dll, string[] arguments, Dictionary<string, string> extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in _environment.Concat(extra))
            start.Environment[key] = value;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private async Task WaitReadyAsync(string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await _http.GetAsync(url)).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"{url} did not become ready");
    }

    private static string Program(string folder, string assembly)
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "GitIntegration.sln")))
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("repository root not found");
        return Path.Combine(directory, "src", folder, "bin", "Release", "net10.0", assembly + ".dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
                process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
        _http.Dispose();
    }
}
