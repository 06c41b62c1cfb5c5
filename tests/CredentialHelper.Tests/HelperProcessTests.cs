using System.Text.Json;

namespace GitIntegration.CredentialHelper.Tests;

/// <summary>The built helper as a child process, against a real HTTP server playing the service.</summary>
public class HelperProcessTests
{
    private const string Token = "session-token-123";
    private const string LinkUrl = "http://service.test/external-auth/demo-github";
    private const string Input = "protocol=https\nhost=example.test\npath=org/repo.git\n\n";

    private static Dictionary<string, string?> Env(FakeCredentialService service, string? listenTimeout = null) => new()
    {
        ["GITINTEGRATION_URL"] = service.Url,
        ["GITINTEGRATION_TOKEN"] = Token,
        ["GITINTEGRATION_LISTEN_TIMEOUT"] = listenTimeout,
    };

    private static void AssertNoSecretsOnStderr(ProcessResult result, params string[] secrets)
    {
        foreach (var secret in secrets.Append(Token))
            Assert.DoesNotContain(secret, result.StandardError);
    }

    [Fact]
    public async Task Get_prints_the_service_credential_for_the_remote()
    {
        await using var service = await FakeCredentialService.StartAsync(_ =>
            Reply.Credentials("oauth2", "glpat-secret", "2033-05-18T03:33:20Z"));

        var result = await ProcessRunner.RunHelperAsync(Input, Env(service), "get");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("username=oauth2\npassword=glpat-secret\npassword_expiry_utc=2000000000\n", result.StandardOutput);
        AssertNoSecretsOnStderr(result, "glpat-secret");
        var request = Assert.Single(service.Requests);
        Assert.True(request.IsCredentialsGet);
        Assert.Equal("https://example.test/org/repo.git", request.Query["url"]);
        Assert.False(request.Query.ContainsKey("listen"));
        Assert.Equal($"Bearer {Token}", request.Authorization);
    }

    [Fact]
    public async Task Get_splits_url_and_answers_with_the_services_username()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => Reply.Credentials("x-token-auth", "bb-secret"));

        var result = await ProcessRunner.RunHelperAsync(
            "url=https://alice:old@bitbucket.test/team/repo.git\nwwwauth[]=Basic realm=\"x\"\nsomething_new=1\n\n", Env(service), "get");

        Assert.Equal("username=x-token-auth\npassword=bb-secret\n", result.StandardOutput);
        Assert.Equal("https://bitbucket.test/team/repo.git", Assert.Single(service.Requests).Query["url"]);
    }

    [Fact]
    public async Task Get_prints_nothing_when_no_provider_matches()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => Reply.NotFound);

        var result = await ProcessRunner.RunHelperAsync(Input, Env(service), "get");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal("", result.StandardError);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Get_explains_a_refused_token_on_stderr_only(int status)
    {
        await using var service = await FakeCredentialService.StartAsync(_ => new Reply(status, """{"message":"nope"}"""));

        var result = await ProcessRunner.RunHelperAsync(Input, Env(service), "get");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains($"refused GITINTEGRATION_TOKEN (HTTP {status})", result.StandardError);
        AssertNoSecretsOnStderr(result);
    }

    [Fact]
    public async Task Get_waits_with_listen_until_the_user_has_linked()
    {
        var listens = 0;
        await using var service = await FakeCredentialService.StartAsync(request =>
        {
            if (!request.IsListen)
                return Reply.Link(LinkUrl);
            return Interlocked.Increment(ref listens) < 3 ? Reply.Link(LinkUrl) : Reply.Credentials("oauth2", "linked-secret");
        });

        var result = await ProcessRunner.RunHelperAsync(Input, Env(service, listenTimeout: "120"), "get");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("username=oauth2\npassword=linked-secret\n", result.StandardOutput);
        Assert.Contains($"Open {LinkUrl} to link your account", result.StandardError);
        AssertNoSecretsOnStderr(result, "linked-secret");

        var requests = service.Requests;
        Assert.Equal(4, requests.Count);
        Assert.False(requests[0].IsListen);
        Assert.All(requests.Skip(1), request =>
        {
            Assert.True(request.IsListen);
            Assert.Equal("https://example.test/org/repo.git", request.Query["url"]);
            Assert.InRange(int.Parse(request.Query["timeout"]), 1, 120);
            Assert.Equal($"Bearer {Token}", request.Authorization);
        });
    }

    [Fact]
    public async Task Get_retries_a_failing_service()
    {
        var calls = 0;
        await using var service = await FakeCredentialService.StartAsync(_ =>
            Interlocked.Increment(ref calls) == 1 ? new Reply(500) : Reply.Credentials("oauth2", "after-500"));

        var result = await ProcessRunner.RunHelperAsync(Input, Env(service), "get");

        Assert.Equal("username=oauth2\npassword=after-500\n", result.StandardOutput);
        Assert.Equal(2, service.Requests.Count);
    }

    [Fact]
    public async Task Get_keeps_listening_through_service_errors()
    {
        var listens = 0;
        await using var service = await FakeCredentialService.StartAsync(request =>
        {
            if (!request.IsListen)
                return Reply.Link(LinkUrl);
            return Interlocked.Increment(ref listens) switch
            {
                1 => new Reply(503),
                2 => new Reply(502),
                _ => Reply.Credentials("oauth2", "after-outage"),
            };
        });

        var result = await ProcessRunner.RunHelperAsync(Input, Env(service), "get");

        Assert.Equal("username=oauth2\npassword=after-outage\n", result.StandardOutput);
        Assert.Equal(3, listens);
    }

    [Fact]
    public async Task Get_gives_up_after_the_listen_limit_and_prints_nothing()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => Reply.Link(LinkUrl));

        var result = await ProcessRunner.RunHelperAsync(Input, Env(service, listenTimeout: "1"), "get");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("gave up waiting", result.StandardError);
        Assert.Contains(service.Requests, request => request.IsListen);
    }

    [Fact]
    public async Task Get_prints_nothing_when_the_service_is_unreachable()
    {
        string url;
        await using (var stopped = await FakeCredentialService.StartAsync(_ => Reply.NotFound))
            url = stopped.Url;

        var result = await ProcessRunner.RunHelperAsync(Input,
            new Dictionary<string, string?> { ["GITINTEGRATION_URL"] = url, ["GITINTEGRATION_TOKEN"] = Token }, "get");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Contains("could not reach the service", result.StandardError);
        AssertNoSecretsOnStderr(result);
    }

    [Fact]
    public async Task Get_refuses_a_credential_that_would_inject_attributes()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => Reply.Credentials("u", "secret\nhost=evil.test"));

        var result = await ProcessRunner.RunHelperAsync(Input, Env(service), "get");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
    }

    [Theory]
    [InlineData("protocol=ssh\nhost=example.test\n\n")]
    [InlineData("protocol=cert\nhost=\npath=etc/client.pem\n\n")]
    [InlineData("host=example.test\n\n")]
    public async Task Get_ignores_anything_but_http_remotes(string input)
    {
        await using var service = await FakeCredentialService.StartAsync(_ => Reply.Credentials("u", "p"));

        var result = await ProcessRunner.RunHelperAsync(input, Env(service), "get");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Empty(service.Requests);
    }

    [Fact]
    public async Task Without_configuration_the_helper_is_silent()
    {
        var result = await ProcessRunner.RunHelperAsync(Input, new Dictionary<string, string?>(), "get");

        Assert.Equal(new ProcessResult(0, "", ""), result);
    }

    [Theory]
    [InlineData("store")]
    [InlineData("frobnicate")]
    public async Task Store_and_unknown_operations_do_nothing(string operation)
    {
        await using var service = await FakeCredentialService.StartAsync(_ => Reply.Credentials("u", "p"));

        var result = await ProcessRunner.RunHelperAsync(Input + "username=u\npassword=p\n", Env(service), operation);

        Assert.Equal(new ProcessResult(0, "", ""), result);
        Assert.Empty(service.Requests);
    }

    [Fact]
    public async Task Erase_tells_the_service_which_password_was_rejected()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => new Reply(204));

        var result = await ProcessRunner.RunHelperAsync(
            "protocol=https\nhost=example.test\npath=org/repo.git\nusername=oauth2\npassword=rejected=token\n\n", Env(service), "erase");

        Assert.Equal(new ProcessResult(0, "", ""), result);
        var request = Assert.Single(service.Requests);
        Assert.True(request.IsErase);
        Assert.Equal($"Bearer {Token}", request.Authorization);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("https://example.test/org/repo.git", body.RootElement.GetProperty("url").GetString());
        Assert.Equal("rejected=token", body.RootElement.GetProperty("password").GetString());
    }

    [Fact]
    public async Task Erase_without_a_password_sends_only_the_url_and_ignores_failures()
    {
        await using var service = await FakeCredentialService.StartAsync(_ => new Reply(500));

        var result = await ProcessRunner.RunHelperAsync("protocol=https\nhost=example.test\n\n", Env(service), "erase");

        Assert.Equal(new ProcessResult(0, "", ""), result);
        using var body = JsonDocument.Parse(Assert.Single(service.Requests).Body);
        Assert.Equal("https://example.test", body.RootElement.GetProperty("url").GetString());
        Assert.False(body.RootElement.TryGetProperty("password", out _));
    }
}
