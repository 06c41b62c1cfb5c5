using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.GitHub;
using GitIntegration.Grains.Ssh;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>SSH keys, repositories, personal tokens and git credentials, per provider.</summary>
public sealed class AdapterAccountTests(AdapterFixture fixture) : IClassFixture<AdapterFixture>
{
    public static TheoryData<string> SshKinds => new(
        "github-oauth-app", "github-app", "gitlab", "bitbucket-cloud", "bitbucket-server", "bitbucket-server-oauth1", "gitea");

    [Theory]
    [MemberData(nameof(SshKinds))]
    public async Task An_ssh_key_is_added_refused_as_duplicate_found_by_fingerprint_and_deleted(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        var account = await sandbox.AccountAsync(tokens);
        var pair = SshKeyGenerator.Generate(SshKeyAlgorithm.Ed25519, "gitintegration");
        var adapter = sandbox.Adapter;

        var added = await adapter.AddSshKeyAsync(tokens, account, "GitIntegration", pair.PublicKey, CancellationToken.None);
        Assert.Contains(await sandbox.Control.GetSshKeysAsync(sandbox.Instance, AdapterSandbox.Login), k => k.Fingerprint == pair.Fingerprint);
        await Assert.ThrowsAsync<DuplicateSshKeyException>(() =>
            adapter.AddSshKeyAsync(tokens, account, "GitIntegration again", pair.PublicKey, CancellationToken.None));
        var listed = await adapter.ListSshKeysAsync(tokens, account, CancellationToken.None);
        var match = Assert.Single(listed, k => SshPublicKey.Parse(k.PublicKey).Fingerprint == pair.Fingerprint);
        await adapter.DeleteSshKeyAsync(tokens, account, match.Id, CancellationToken.None);
        await adapter.DeleteSshKeyAsync(tokens, account, match.Id, CancellationToken.None);

        Assert.True(adapter.SupportsSshKeys);
        Assert.Equal(added.Id, match.Id);
        Assert.DoesNotContain(await sandbox.Control.GetSshKeysAsync(sandbox.Instance, AdapterSandbox.Login), k => k.Fingerprint == pair.Fingerprint);
        Assert.Empty(await adapter.ListSshKeysAsync(tokens, account, CancellationToken.None));
    }

    [Fact]
    public async Task A_key_taken_by_another_account_is_a_duplicate_too()
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, "gitlab");
        var tokens = await sandbox.LinkByWebFlowAsync();
        var account = await sandbox.AccountAsync(tokens);
        await sandbox.Control.CreateAccountAsync(sandbox.Instance, "other");
        var other = (await sandbox.Control.IssuePersonalAccessTokenAsync(sandbox.Instance, "other")).Token;
        var otherTokens = sandbox.Adapter.FromPersonalToken(new PersonalTokenRequest(other, null));
        var pair = SshKeyGenerator.Generate(SshKeyAlgorithm.Ecdsa, "shared");
        await sandbox.Adapter.AddSshKeyAsync(otherTokens, await sandbox.AccountAsync(otherTokens), "theirs", pair.PublicKey, CancellationToken.None);

        await Assert.ThrowsAsync<DuplicateSshKeyException>(() =>
            sandbox.Adapter.AddSshKeyAsync(tokens, account, "mine", pair.PublicKey, CancellationToken.None));
        Assert.Empty(await sandbox.Adapter.ListSshKeysAsync(tokens, account, CancellationToken.None));
    }

    [Theory]
    [InlineData("azure-devops-entra")]
    [InlineData("generic")]
    public async Task Providers_without_an_ssh_key_api_say_so(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();
        var account = new ExternalAccount("1", "octo");

        Assert.False(sandbox.Adapter.SupportsSshKeys);
        await Assert.ThrowsAsync<ProviderFeatureException>(() => sandbox.Adapter.ListSshKeysAsync(tokens, account, CancellationToken.None));
        await Assert.ThrowsAsync<ProviderFeatureException>(() => sandbox.Adapter.AddSshKeyAsync(tokens, account, "t", "ssh-ed25519 AAAA", CancellationToken.None));
    }

    public static TheoryData<string> RepositoryKinds => new("github-oauth-app", "gitlab", "bitbucket-cloud", "bitbucket-server", "gitea");

    [Theory]
    [MemberData(nameof(RepositoryKinds))]
    public async Task Repositories_of_the_account_are_listed(string kind)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        await sandbox.Control.SeedRepositoriesAsync(sandbox.Instance, AdapterSandbox.Login,
        [
            new SeedRepository("service", Owner: "octo", Private: true, DefaultBranch: "main", Project: "octo"),
            new SeedRepository("website", Owner: "octo", Private: false, DefaultBranch: "trunk", Project: "octo"),
        ]);
        var tokens = await sandbox.LinkByWebFlowAsync();
        var account = await sandbox.AccountAsync(tokens);

        var all = await sandbox.Adapter.ListRepositoriesAsync(tokens, account, null, 1, CancellationToken.None);
        var found = await sandbox.Adapter.ListRepositoriesAsync(tokens, account, "web", 1, CancellationToken.None);

        Assert.Equal(2, all.Count);
        var service = Assert.Single(all, r => r.FullName.EndsWith("/service", StringComparison.OrdinalIgnoreCase));
        Assert.True(service.Private);
        Assert.False(string.IsNullOrEmpty(service.CloneUrl));
        Assert.False(string.IsNullOrEmpty(service.SshUrl));
        Assert.Empty(new Uri(service.CloneUrl).UserInfo);
        Assert.False(Assert.Single(all, r => r.FullName.EndsWith("/website", StringComparison.OrdinalIgnoreCase)).Private);
        Assert.Single(found);
    }

    public static TheoryData<string, string?, string> PersonalTokenKinds => new()
    {
        { "github-oauth-app", null, "octo" },
        { "gitlab", null, "oauth2" },
        { "bitbucket-cloud", "octo", "octo" },
        { "bitbucket-server", null, "octo" },
        { "gitea", null, "octo" },
        { "azure-devops-entra", null, "pat" },
        { "azure-devops", null, "pat" },
    };

    [Theory]
    [MemberData(nameof(PersonalTokenKinds))]
    public async Task A_personal_token_validates_and_becomes_a_git_credential(string kind, string? username, string gitUsername)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var pat = (await sandbox.Control.IssuePersonalAccessTokenAsync(sandbox.Instance, AdapterSandbox.Login)).Token;

        var tokens = sandbox.Adapter.FromPersonalToken(new PersonalTokenRequest(" " + pat + " ", username));
        var validation = await sandbox.Adapter.ValidateAsync(tokens, CancellationToken.None);
        var wrong = await sandbox.Adapter.ValidateAsync(tokens with { AccessToken = "not-a-token" }, CancellationToken.None);

        Assert.Equal(TokenKind.PersonalToken, tokens.Kind);
        Assert.Equal(pat, tokens.AccessToken);
        Assert.Equal(ValidationOutcome.Valid, validation.Outcome);
        Assert.Equal(ValidationOutcome.Invalid, wrong.Outcome);
        Assert.Equal(new GitCredential(gitUsername, pat), sandbox.Adapter.GitCredentialFor(tokens, validation.Account));
    }

    public static TheoryData<string, string> OAuthGitUsernames => new()
    {
        { "github-app", "octo" },
        { "gitlab", "oauth2" },
        { "bitbucket-cloud", "x-token-auth" },
        { "bitbucket-server", "x-token-auth" },
        { "gitea", "octo" },
        { "azure-devops-entra", "octo@example.test" },
    };

    [Theory]
    [MemberData(nameof(OAuthGitUsernames))]
    public async Task Oauth_tokens_get_the_providers_git_username(string kind, string gitUsername)
    {
        var sandbox = await AdapterSandbox.CreateAsync(fixture, kind);
        var tokens = await sandbox.LinkByWebFlowAsync();

        var credential = sandbox.Adapter.GitCredentialFor(tokens, await sandbox.AccountAsync(tokens));

        Assert.Equal(new GitCredential(gitUsername, tokens.AccessToken), credential);
    }

    [Fact]
    public async Task Github_app_installations_are_listed_and_oauth_app_tokens_are_refused()
    {
        var app = await AdapterSandbox.CreateAsync(fixture, "github-app");
        var installation = await app.Control.SeedInstallationAsync(app.Instance, AdapterSandbox.Login,
            new SeedInstallation(AccountLogin: "octo-org", TargetType: "Organization", ClientId: app.Adapter.Config.ClientId,
                Repositories: ["octo-org/api", "octo-org/web"]));
        var appTokens = await app.LinkByWebFlowAsync();
        var oauthApp = await AdapterSandbox.CreateAsync(fixture, "github-oauth-app");
        var oauthTokens = await oauthApp.LinkByWebFlowAsync();

        var installations = await app.Adapter.ListInstallationsAsync(appTokens, CancellationToken.None);
        var repositories = await ((GitHubAdapter)app.Adapter).ListInstallationRepositoriesAsync(appTokens, installation.Id, CancellationToken.None);

        Assert.True(app.Adapter.SupportsInstallations);
        var listed = Assert.Single(installations);
        Assert.Equal(installation.Id, listed.Id);
        Assert.Equal("octo-org", listed.Account.Login);
        Assert.Equal(["octo-org/api", "octo-org/web"], repositories.Select(r => r.FullName).Order());
        // An OAuth App's token is refused (403), which the link reports as "app not installable" (Coder's app_installable).
        var refused = await Assert.ThrowsAsync<ProviderApiException>(() => oauthApp.Adapter.ListInstallationsAsync(oauthTokens, CancellationToken.None));
        Assert.Equal(403, refused.HttpStatus);
        Assert.False(refused.Transient);
    }
}
