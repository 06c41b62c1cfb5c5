using System.Diagnostics;

namespace GitIntegration.CredentialHelper.Tests;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs the built helper, or git, as a real child process with a controlled environment.</summary>
public static class ProcessRunner
{
    public const string HelperName = "git-credential-gitintegration";

    /// <summary>The helper as the test project's build copied it next to the tests.</summary>
    public static string HelperDll => Path.Combine(AppContext.BaseDirectory, HelperName + ".dll");

    /// <summary>The dotnet host running these tests, so the helper runs on the same runtime.</summary>
    public static string DotnetHost
    {
        get
        {
            var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
                return fromSdk;
            var self = Environment.ProcessPath;
            return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        }
    }

    /// <summary><c>dotnet git-credential-gitintegration.dll &lt;args&gt;</c> with <paramref name="input"/> on stdin.</summary>
    public static Task<ProcessResult> RunHelperAsync(string input, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunAsync(DotnetHost, [HelperDll, .. args], input, environment, AppContext.BaseDirectory);

    /// <summary>
    /// Runs <paramref name="fileName"/>. The child gets this process's environment without anything that
    /// would steer git or the helper (GIT_*, GITINTEGRATION_*, askpass), plus <paramref name="environment"/>.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> args, string input,
        IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("GIT_", StringComparison.Ordinal) || name.StartsWith("GITINTEGRATION_", StringComparison.Ordinal)
                || name == "SSH_ASKPASS")
                start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();

        // A guard against a hung child, not a speed check.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not exit");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
