using System.Diagnostics;
using System.Text;

namespace GitIntegration.EndToEnd.Git;

/// <summary>What a finished git command printed and how it exited.</summary>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// One real <c>git</c> process. Its stdout and stderr are collected as they come, so a test can wait for a line
/// (the helper's link URL) while git is still running. The environment is this process's without anything that
/// steers git (GIT_*, GITINTEGRATION_*, askpass programs), plus what the caller gives.
/// </summary>
public sealed class GitProcess : IAsyncDisposable
{
    /// <summary>A guard against a hung git, not a speed check.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private bool _disposed;

    private GitProcess(Process process) => _process = process;

    public string Error
    {
        get { lock (_error) return _error.ToString(); }
    }

    public static GitProcess Start(IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(Steers).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var git = new GitProcess(process);
        process.OutputDataReceived += (_, e) => Append(git._output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(git._error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return git;
    }

    public static async Task<GitResult> RunAsync(IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        await using var git = Start(args, workingDirectory, environment);
        return await git.WaitForExitAsync();
    }

    /// <summary>Waits until stderr holds a line that <paramref name="find"/> picks something out of; fails if git exits first.</summary>
    public async Task<string> WaitForErrorLineAsync(Func<string, string?> find)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline)
        {
            var found = Error.Split('\n').Select(find).FirstOrDefault(value => value is not null);
            if (found is not null)
                return found;
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(); // lets the last output arrive
                found = Error.Split('\n').Select(find).FirstOrDefault(value => value is not null);
                return found ?? throw new Xunit.Sdk.XunitException($"git exited ({_process.ExitCode}) without the expected line:\n{Error}");
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"git did not print the expected line within {Limit}:\n{Error}");
    }

    public async Task<GitResult> WaitForExitAsync()
    {
        using var guard = new CancellationTokenSource(Limit);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"git did not finish within {Limit}:\n{Error}");
        }
        await _process.WaitForExitAsync(); // flushes the asynchronous output readers
        lock (_output)
            return new GitResult(_process.ExitCode, _output.ToString(), Error);
    }

    private static bool Steers(string name) =>
        name.StartsWith("GIT_", StringComparison.Ordinal) || name.StartsWith("GITINTEGRATION_", StringComparison.Ordinal)
        || name is "SSH_ASKPASS" or "HOME" or "XDG_CONFIG_HOME";

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
            return;
        lock (text)
            text.Append(line).Append('\n');
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
