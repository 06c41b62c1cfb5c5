using System.Diagnostics;

namespace GitIntegration.Grains.Tests.Ssh;

/// <summary>Runs the real /usr/bin/ssh-keygen in a temporary folder of its own.</summary>
internal sealed class SshKeygen : IDisposable
{
    private const string Executable = "/usr/bin/ssh-keygen";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("gitintegration-ssh-").FullName;

    /// <summary>Writes a file readable only by its owner, as ssh-keygen demands for private keys.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, options);
        writer.Write(content);
        return path;
    }

    public string ReadFile(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>Runs ssh-keygen with the given arguments and returns its stdout; fails the test on a non-zero exit.</summary>
    public string Run(params string[] arguments) => RunWithInput(null, arguments);

    public string RunWithInput(string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        if (stdin is not null)
            process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0,
            $"ssh-keygen {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
