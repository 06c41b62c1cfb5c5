namespace GitIntegration.CredentialHelper.Tests;

/// <summary>Real git consulting the helper, configured the way a user installs it, in a throwaway HOME.</summary>
public sealed class GitCredentialFillTests : IDisposable
{
    private const string Token = "git-session-token";
    private readonly string _home = Directory.CreateTempSubdirectory("gitintegration-helper-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    /// <summary>
    /// A script that runs the built helper through dotnet, so the test does not depend on where the
    /// runtime is installed. It is named like the published binary so git can find it on PATH.
    /// </summary>
    private string WriteHelperScript()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_home, "bin")).FullName;
        var script = Path.Combine(bin, ProcessRunner.HelperName);
        File.WriteAllText(script,
            $"#!/bin/sh\nexec {ShellQuote(ProcessRunner.DotnetHost)} {ShellQuote(ProcessRunner.HelperDll)} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private Dictionary<string, string?> GitEnv(FakeCredentialService service) => new()
    {
        ["HOME"] = _home,
        ["XDG_CONFIG_HOME"] = Path.Combine(_home, ".config"),
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["PATH"] = Path.Combine(_home, "bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        ["GITINTEGRATION_URL"] = service.Url,
        ["GITINTEGRATION_TOKEN"] = Token,
    };

    private Task<ProcessResult> GitAsync(FakeCredentialService service, string input, params string[] args) =>
        ProcessRunner.RunAsync("git", args, input, GitEnv(service), _home);

    private async Task ConfigureAsync(FakeCredentialService service, params string[] helpers)
    {
        foreach (var helper in helpers)
        {
            var result = await GitAsync(service, "", "config", "--global", "--add", "credential.helper", helper);
            Assert.True(result.ExitCode == 0, result.StandardError);
        }
    }

    private async Task<Version> GitVersionAsync(FakeCredentialService service)
    {
        var output = (await GitAsync(service, "", "--version")).StandardOutput; // "git version 2.39.5"
        var digits = output.Split(' ').Last().Trim().Split('.').Take(2).Select(int.Parse).ToArray();
        return new Version(digits[0], digits[1]);
    }

    [Fact]
    public async Task Git_credential_fill_gets_the_services_credential_through_the_helper_name()
    {
        await using var service = await FakeCredentialService.StartAsync(request =>
            request.Query.GetValueOrDefault("url") == "https://example.test"
                ? Reply.Credentials("oauth2", "from-the-service", "2033-05-18T03:33:20Z")
                : Reply.NotFound);
        WriteHelperScript();
        await ConfigureAsync(service, "gitintegration");

        var result = await GitAsync(service, "protocol=https\nhost=example.test\n\n", "credential", "fill");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("protocol=https", lines);
        Assert.Contains("host=example.test", lines);
        Assert.Contains("username=oauth2", lines);
        Assert.Contains("password=from-the-service", lines);
        // git learned password_expiry_utc in 2.40; older versions drop it from what they print.
        if (await GitVersionAsync(service) >= new Version(2, 40))
            Assert.Contains("password_expiry_utc=2000000000", lines);
        Assert.Equal($"Bearer {Token}", Assert.Single(service.Requests).Authorization);
    }

    [Fact]
    public async Task Git_falls_through_when_no_provider_matches_the_host()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => Reply.NotFound);
        await ConfigureAsync(service, WriteHelperScript());

        var result = await GitAsync(service, "protocol=https\nhost=unmatched.test\n\n", "credential", "fill");

        Assert.NotEqual(0, result.ExitCode); // no helper answered and prompting is off
        Assert.DoesNotContain("password=", result.StandardOutput);
        Assert.DoesNotContain("username=", result.StandardOutput);
        Assert.Equal("https://unmatched.test", Assert.Single(service.Requests).Query["url"]);
    }

    [Fact]
    public async Task Git_asks_the_next_helper_when_ours_has_nothing()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => Reply.NotFound);
        await ConfigureAsync(service, WriteHelperScript(), "!f() { echo username=next; echo password=next-helper; }; f");

        var result = await GitAsync(service, "protocol=https\nhost=unmatched.test\n\n", "credential", "fill");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("username=next\n", result.StandardOutput);
        Assert.Contains("password=next-helper\n", result.StandardOutput);
    }

    [Fact]
    public async Task Git_credential_reject_reaches_the_service_as_an_erase()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => new Reply(204));
        await ConfigureAsync(service, WriteHelperScript());

        var result = await GitAsync(service, "protocol=https\nhost=example.test\nusername=oauth2\npassword=stale\n\n",
            "credential", "reject");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var erase = Assert.Single(service.Requests);
        Assert.True(erase.IsErase);
        Assert.Contains("\"password\":\"stale\"", erase.Body);
        Assert.Contains("\"url\":\"https://example.test\"", erase.Body);
    }
}
