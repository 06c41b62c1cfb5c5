using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.TestSupport;

namespace GitIntegration.EndToEnd.Git;

/// <summary>
/// Everything one git end-to-end test runs against, all real and on loopback: the provider emulator (its GitLab
/// instance approving authorizations at once as <see cref="Login"/>), a git server that accepts that instance's live
/// tokens and serves one seeded repository, and the service as a child process with a GitLab provider whose regex
/// matches the git server.
/// </summary>
public sealed class GitTestBed : IAsyncDisposable
{
    public const string Instance = "gitlab";
    public const string ProviderId = "gitlab";
    public const string Login = "octo";
    public const string SeededFile = "README.md";
    public const string SeededContent = "Hello from the seeded repository.\n";

    private readonly List<GitUser> _users = [];

    private GitTestBed(string folder, EmulatorHost emulator, GitHttpServer gitServer, BareRepository repository,
        GatewayProvider provider, GatewayProcess gateway)
    {
        Folder = folder;
        Emulator = emulator;
        GitServer = gitServer;
        Repository = repository;
        Provider = provider;
        Gateway = gateway;
    }

    public string Folder { get; }
    public EmulatorHost Emulator { get; }
    public GitHttpServer GitServer { get; }
    public BareRepository Repository { get; }
    public GatewayProvider Provider { get; }
    public GatewayProcess Gateway { get; }

    /// <summary>The seeded repository's clone URL, which the provider's regex matches.</summary>
    public string CloneUrl => $"{GitServer.BaseUrl}/{Repository.Name}";

    public static async Task<GitTestBed> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("gitintegration-e2e-git-").FullName;
        var emulator = await EmulatorHost.StartAsync();
        GitHttpServer? gitServer = null;
        try
        {
            await emulator.Client.CreateAccountAsync(Instance, Login, "Octo Cat", "octo@example.test");
            await emulator.Client.UpdateSettingsAsync(Instance, new InstanceSettingsDto(AutoApprove: Login));

            var projectRoot = Directory.CreateDirectory(Path.Combine(folder, "served")).FullName;
            gitServer = await GitHttpServer.StartAsync(projectRoot, emulator.Client, Instance);
            var repository = await BareRepository.CreateAsync(projectRoot, Path.Combine(folder, "seed"), "project.git", SeededFile, SeededContent);

            var gatewayPort = FreePort.Next();
            var provider = new GatewayProvider(
                ProviderId,
                "gitintegration-e2e",
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
                $"{emulator.InstanceUrl(Instance)}/oauth/authorize",
                $"^{Regex.Escape(gitServer.BaseUrl)}(/.*)?$");
            var callback = $"http://127.0.0.1:{gatewayPort}/external-auth/{ProviderId}/callback";
            await emulator.Client.RegisterAppAsync(Instance, new RegisterAppRequest(provider.ClientId, provider.ClientSecret, [callback], Name: "GitIntegration"));

            var gateway = await GatewayProcess.StartAsync(folder, gatewayPort, provider);
            return new GitTestBed(folder, emulator, gitServer, repository, provider, gateway);
        }
        catch
        {
            if (gitServer is not null)
                await gitServer.DisposeAsync();
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new platform user (created with the admin token) with a session key and a terminal of their own.</summary>
    public async Task<GitUser> CreateUserAsync(string username)
    {
        var sessionKey = await Gateway.CreateUserAsync(username);
        var user = await GitUser.CreateAsync(Path.Combine(Folder, "home-" + username), username, sessionKey, Gateway.BaseUrl);
        _users.Add(user);
        return user;
    }

    /// <summary>Links the user's GitLab account through the web flow (any process could do this; here the test does).</summary>
    public Task LinkAsync(GitUser user) => WebFlowLink.LinkAsync(Gateway.BaseUrl, user.SessionKey, ProviderId);

    /// <summary>A folder for a clone that does not exist yet.</summary>
    public string NewCloneFolder(string name) => Path.Combine(Folder, "clones", name);

    /// <summary>The refresh token the emulator issued together with <paramref name="accessToken"/>.</summary>
    public string? RefreshTokenOf(string accessToken) =>
        Emulator.State.Find(Instance)?.Tokens.Find(accessToken)?.PairedValue;

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var user in _users)
                await user.DisposeAsync();
        }
        finally
        {
            // The service is a child process: it must stop even when something above failed.
            await Gateway.DisposeAsync();
            await GitServer.DisposeAsync();
            await Emulator.DisposeAsync();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the temp folder is cleaned up by the system
        }
    }
}
