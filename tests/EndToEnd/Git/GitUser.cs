using GitIntegration.TestSupport;

namespace GitIntegration.EndToEnd.Git;

/// <summary>
/// A platform user at their terminal: a HOME of their own whose global git config names the credential helper
/// (a small script that runs the built <c>git-credential-gitintegration</c>), GITINTEGRATION_URL and
/// GITINTEGRATION_TOKEN in the environment, and no terminal prompts. Everything git printed on stderr (the
/// helper's messages included) is kept for the log check.
/// </summary>
public sealed class GitUser : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly List<GitProcess> _runs = [];

    private GitUser(string username, string sessionKey, string home, Dictionary<string, string> environment)
    {
        Username = username;
        SessionKey = sessionKey;
        Home = home;
        _environment = environment;
    }

    public string Username { get; }
    public string SessionKey { get; }

    /// <summary>HOME, and the folder git commands run in unless told otherwise.</summary>
    public string Home { get; }

    /// <summary>stderr of every git command this user ran (the helper writes there through git).</summary>
    public string ErrorOutput
    {
        get
        {
            lock (_runs)
                return string.Join('\n', _runs.Select(run => run.Error));
        }
    }

    public static async Task<GitUser> CreateAsync(string home, string username, string sessionKey, string serviceUrl)
    {
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GITINTEGRATION_URL"] = serviceUrl,
            ["GITINTEGRATION_TOKEN"] = sessionKey,
        };
        var user = new GitUser(username, sessionKey, home, environment);
        var configured = await user.GitAsync("config", "--global", "credential.helper", WriteHelperScript(home));
        Assert.True(configured.ExitCode == 0, configured.ToString());
        return user;
    }

    /// <summary>
    /// git runs an absolute helper path as a command with the operation appended; the script hands both to the
    /// helper's build output.
    /// </summary>
    private static string WriteHelperScript(string home)
    {
        var helper = RepositoryRoot.ProgramDll("CredentialHelper", "git-credential-gitintegration");
        Assert.True(File.Exists(helper), $"the credential helper is not built at {helper}");
        var script = Path.Combine(home, "git-credential-gitintegration.sh");
        File.WriteAllText(script, $"#!/bin/sh\nexec dotnet '{helper}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    /// <summary>Runs git in HOME and waits for it.</summary>
    public Task<GitResult> GitAsync(params string[] args) => GitInAsync(Home, args);

    /// <summary>Runs git in <paramref name="workingDirectory"/> and waits for it.</summary>
    public async Task<GitResult> GitInAsync(string workingDirectory, params string[] args) =>
        await StartGit(workingDirectory, args).WaitForExitAsync();

    /// <summary>Starts git in <paramref name="workingDirectory"/>, for a command the test watches while it runs.</summary>
    public GitProcess StartGit(string workingDirectory, params string[] args)
    {
        var git = GitProcess.Start(args, workingDirectory, _environment);
        lock (_runs)
            _runs.Add(git);
        return git;
    }

    /// <summary>Stops any git command still running (a test that failed while git waited).</summary>
    public async ValueTask DisposeAsync()
    {
        List<GitProcess> runs;
        lock (_runs)
            runs = [.. _runs];
        foreach (var run in runs)
            await run.DisposeAsync();
    }
}
