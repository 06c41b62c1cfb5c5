using System.Diagnostics;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.Grains.Secrets;
using Microsoft.Extensions.Configuration;

namespace GitIntegration.ApiGateway.Tests;

public sealed class StartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gitintegration-startup-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private StartupSettings Read(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["GitIntegration:DataDirectory"] = _folder };
        foreach (var (key, value) in settings)
            values[key] = value;
        return StartupConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    [Theory]
    [InlineData("GitIntegration:Storage:Provider", "Mysql", "GitIntegration:Storage:Provider: 'Mysql' is not Sqlite or Postgres.")]
    [InlineData("GitIntegration:Storage:Provider", "Postgres", "ConnectionStrings:Postgres: required when GitIntegration:Storage:Provider is Postgres.")]
    [InlineData("GitIntegration:PublicUrl", "ftp://example.org", "GitIntegration:PublicUrl:")]
    [InlineData("GitIntegration:Limits:MaxRequestBodyBytes", "10", "GitIntegration:Limits:MaxRequestBodyBytes:")]
    [InlineData("GitIntegration:Limits:RequestTimeout", "banana", "GitIntegration:Limits:RequestTimeout")]
    [InlineData("GitIntegration:EncryptionKeys", "not-base64!", "GitIntegration:EncryptionKeys:0")]
    [InlineData("GitIntegration:Ssh:KeygenAlgorithm", "dsa", "GitIntegration:Ssh:KeygenAlgorithm: 'dsa' is not")]
    [InlineData("GitIntegration:Providers:0:Type", "svn", "GitIntegration:Providers:0:Type")]
    [InlineData("GitIntegration:AdminToken", "short", "GitIntegration:AdminToken:")]
    [InlineData("GitIntegration:Telemetry:Metrics", "maybe", "GitIntegration:Telemetry:Metrics: 'maybe' is not true or false.")]
    public void A_bad_value_stops_start_up_with_one_line_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<StartupException>(() => Read((key, value)));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Missing_secrets_are_generated_once_readable_only_by_the_owner()
    {
        var first = Read();
        var second = Read();

        Assert.Equal(first.AdminToken, second.AdminToken);
        Assert.Equal(first.KeyRing.CurrentKeyId, second.KeyRing.CurrentKeyId);
        foreach (var file in new[] { "admin-token", "encryption.key" })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, file)));
        Assert.Equal(first.AdminToken, File.ReadAllText(Path.Combine(_folder, "admin-token")).Trim());
        Assert.All(first.Notices, n => Assert.DoesNotContain(first.AdminToken, n.Message));
        Assert.Contains(first.Notices, n => n.Message.Contains(Path.Combine(_folder, "admin-token")));
    }

    [Fact]
    public void Configured_secrets_are_used_and_nothing_is_written()
    {
        var key = SecretKeyRing.GenerateKey();

        var settings = Read(("GitIntegration:AdminToken", "configured-admin-token-123"), ("GitIntegration:EncryptionKeys:0", key));

        Assert.Equal("configured-admin-token-123", settings.AdminToken);
        Assert.Equal(SecretKeyRing.Parse([key]).CurrentKeyId, settings.KeyRing.CurrentKeyId);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task The_program_prints_the_one_line_and_exits_non_zero()
    {
        var (exitCode, stdout, stderr) = await RunGatewayAsync("--GitIntegration:Storage:Provider=Mysql");

        Assert.Equal(1, exitCode);
        Assert.Equal("GitIntegration:Storage:Provider: 'Mysql' is not Sqlite or Postgres.", stderr.Trim());
        Assert.Equal("", stdout.Trim());
    }

    [Fact]
    public async Task Gateway_mode_refuses_to_start_without_the_clusters_postgres_and_secrets()
    {
        var (exitCode, _, stderr) = await RunGatewayAsync("--mode", "gateway");
        Assert.Equal(1, exitCode);
        Assert.Equal("ConnectionStrings:Postgres: required when GitIntegration:Storage:Provider is Postgres.", stderr.Trim());

        (exitCode, _, stderr) = await RunGatewayAsync("--mode", "gateway", "--ConnectionStrings:Postgres=Host=127.0.0.1");
        Assert.Equal(1, exitCode);
        Assert.Equal("GitIntegration:EncryptionKeys: required with --mode gateway (the keys the silos use).", stderr.Trim());

        (exitCode, _, stderr) = await RunGatewayAsync("--mode", "gateway", "--GitIntegration:Storage:Provider=Sqlite");
        Assert.Equal(1, exitCode);
        Assert.Contains("--mode gateway needs Postgres", stderr);
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunGatewayAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(GatewayApplication).Assembly.Location);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
