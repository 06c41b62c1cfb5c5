using System.Diagnostics;

namespace GitIntegration.Benchmarks.Cluster;

/// <summary>Child processes (silos, gateways) from Release build outputs, killed together when disposed.</summary>
public sealed class ProcessSet : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The Release build of src/<paramref name="folder"/>, as bench/run.sh builds it.</summary>
    public static string ProductDll(string folder, string assembly)
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "GitIntegration.sln")))
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("repository root not found");
        return Path.Combine(directory, "src", folder, "bin", "Release", "net10.0", assembly + ".dll");
    }

    /// <summary>Starts `dotnet <paramref name="dll"/>` with configuration as environment variables (':' becomes '__').</summary>
    public Process Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> configuration, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in configuration)
            start.Environment[key.Replace(":", "__")] = value;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) onLine?.Invoke(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"[{Path.GetFileNameWithoutExtension(dll)}] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    public async Task WaitReadyAsync(string url, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !process.HasExited)
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
        throw new InvalidOperationException($"{url} did not become ready{(process.HasExited ? $" (exited with {process.ExitCode})" : "")}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        _http.Dispose();
    }
}
