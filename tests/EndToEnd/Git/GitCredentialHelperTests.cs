using System.Text.RegularExpressions;

namespace GitIntegration.EndToEnd.Git;

/// <summary>
/// Real git, through the real credential helper, against the real service (a child process) and a git server that
/// accepts only live provider tokens. Each test ends by checking that no secret of its run reached a log.
/// </summary>
public sealed partial class GitCredentialHelperTests : IAsyncLifetime
{
    private GitTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await GitTestBed.StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_linked_user_clones_with_the_token_the_helper_gets_from_the_service()
    {
        var alice = await _bed.CreateUserAsync("alice");
        await _bed.LinkAsync(alice);

        var clone = _bed.NewCloneFolder("alice");
        var result = await alice.GitAsync("clone", _bed.CloneUrl, clone);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(GitTestBed.SeededContent, await File.ReadAllTextAsync(Path.Combine(clone, GitTestBed.SeededFile)));
        var token = Assert.Single(_bed.GitServer.AcceptedPasswords);
        Assert.All(_bed.GitServer.Requests.Where(r => r.Password is not null), r => Assert.Equal("oauth2", r.Username));
        var introspection = await _bed.Emulator.Client.IntrospectAsync(token);
        Assert.True(introspection.Active);
        Assert.Equal(GitTestBed.Login, introspection.Login);
        await AssertNoSecretInLogsAsync(alice);
    }

    [Fact]
    public async Task After_the_token_is_revoked_one_fetch_fails_and_the_next_gets_a_fresh_token()
    {
        var alice = await _bed.CreateUserAsync("alice");
        await _bed.LinkAsync(alice);
        var clone = _bed.NewCloneFolder("alice");
        var cloned = await alice.GitAsync("clone", _bed.CloneUrl, clone);
        Assert.True(cloned.ExitCode == 0, cloned.ToString());
        var firstToken = Assert.Single(_bed.GitServer.AcceptedPasswords);

        await _bed.Emulator.Client.RevokeTokenAsync(firstToken);
        var before = await alice.GitInAsync(clone, "rev-parse", "origin/main");
        var newCommit = await _bed.Repository.CommitAsync("CHANGES.md", "A change pushed by someone else.\n", "Add CHANGES.md");

        // The service still hands out the revoked token: the server refuses it, git says so and runs the helper's erase.
        var rejected = await alice.GitInAsync(clone, "fetch", "origin");
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("Authentication failed", rejected.Error);
        Assert.Equal(before.Output, (await alice.GitInAsync(clone, "rev-parse", "origin/main")).Output);

        // Told of the rejection, the service checks the token, finds it dead and refreshes (GitLab rotates the pair).
        var fetched = await alice.GitInAsync(clone, "fetch", "origin");
        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        Assert.Equal(newCommit, (await alice.GitInAsync(clone, "rev-parse", "origin/main")).Output.Trim());

        var accepted = _bed.GitServer.AcceptedPasswords;
        Assert.Equal(2, accepted.Count);
        Assert.Equal(firstToken, accepted[0]);
        Assert.NotEqual(firstToken, accepted[1]);
        Assert.Contains(_bed.GitServer.Requests, r => r.Password == firstToken && r.Status == 401);
        Assert.True((await _bed.Emulator.Client.IntrospectAsync(accepted[1])).Active);
        await AssertNoSecretInLogsAsync(alice);
    }

    [Fact]
    public async Task An_unlinked_user_is_shown_where_to_link_and_the_clone_finishes_once_linked()
    {
        var bob = await _bed.CreateUserAsync("bob");
        var clone = _bed.NewCloneFolder("bob");

        await using var git = bob.StartGit(bob.Home, "clone", _bed.CloneUrl, clone);
        var linkUrl = await git.WaitForErrorLineAsync(line => LinkUrlLine().Match(line) is { Success: true } m ? m.Groups["url"].Value : null);
        Assert.Equal($"{_bed.Gateway.BaseUrl}/external-auth/{GitTestBed.ProviderId}", linkUrl);
        Assert.Empty(_bed.GitServer.AcceptedPasswords);

        // Another process (a browser, here the test) completes the link while git waits.
        await _bed.LinkAsync(bob);
        var result = await git.WaitForExitAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(GitTestBed.SeededContent, await File.ReadAllTextAsync(Path.Combine(clone, GitTestBed.SeededFile)));
        Assert.Single(_bed.GitServer.AcceptedPasswords);
        await AssertNoSecretInLogsAsync(bob);
    }

    [Fact]
    public async Task For_a_host_no_provider_matches_the_helper_stays_silent_and_git_falls_back()
    {
        var alice = await _bed.CreateUserAsync("alice");
        await _bed.LinkAsync(alice);
        // The same server under another name: the provider's regex names 127.0.0.1 only.
        var otherHost = _bed.CloneUrl.Replace("127.0.0.1", "localhost");

        var result = await alice.GitAsync("clone", otherHost, _bed.NewCloneFolder("elsewhere"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("terminal prompts disabled", result.Error);
        Assert.DoesNotContain("gitintegration:", result.Error); // the prefix of every line the helper writes
        Assert.NotEmpty(_bed.GitServer.Requests);
        Assert.All(_bed.GitServer.Requests, r => Assert.Null(r.Password));
        await AssertNoSecretInLogsAsync(alice);
    }

    private async Task AssertNoSecretInLogsAsync(params GitUser[] users)
    {
        var secrets = await RunSecrets.CollectAsync(_bed, users);
        var gatewayLog = _bed.Gateway.Log;
        Assert.Contains("dbug:", gatewayLog); // the service really logged at Debug level
        RunSecrets.AssertNoneIn("the gateway's log", gatewayLog, secrets);
        foreach (var user in users)
            RunSecrets.AssertNoneIn($"{user.Username}'s terminal (git and the helper on stderr)", user.ErrorOutput, secrets);
    }

    [GeneratedRegex(@"gitintegration: Open (?<url>\S+) to link your account")]
    private static partial Regex LinkUrlLine();
}
