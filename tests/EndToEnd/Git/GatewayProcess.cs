using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.TestSupport;

namespace GitIntegration.EndToEnd.Git;

/// <summary>The one provider the gateway is configured with: a GitLab played by the emulator, matching the git server's URLs.</summary>
public sealed record GatewayProvider(string Id, string ClientId, string ClientSecret, string AuthUrl, string Regex);

/// <summary>
/// The service as an operator runs it: <c>dotnet GitIntegration.ApiGateway.dll</c> in all-in-one mode, as a child
/// process on a loopback port with its SQLite store and generated files in a temp folder, logging at Debug level
/// to a file the test reads afterwards.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    private readonly ChildProcess _process;
    private readonly string _dataDirectory;

    private GatewayProcess(ChildProcess process, string baseUrl, string adminToken, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        AdminToken = adminToken;
        Admin = Client(adminToken);
    }

    /// <summary>e.g. http://127.0.0.1:40111 (no trailing slash).</summary>
    public string BaseUrl { get; }

    public string AdminToken { get; }

    /// <summary>Calls the API with the admin token.</summary>
    public HttpClient Admin { get; }

    /// <summary>Everything the process has written to stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            using var reader = new StreamReader(new FileStream(_process.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

    /// <summary>The encryption key the service generated for itself on first start.</summary>
    public string EncryptionKey => File.ReadAllText(Path.Combine(_dataDirectory, LocalSecrets.EncryptionKeyFile)).Trim();

    public static async Task<GatewayProcess> StartAsync(string folder, int port, GatewayProvider provider)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        var dataDirectory = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var adminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        const string providerKey = "--GitIntegration:Providers:0:";
        string[] arguments =
        [
            "--urls", baseUrl,
            $"--GitIntegration:DataDirectory={dataDirectory}",
            $"--GitIntegration:Storage:SqlitePath={Path.Combine(dataDirectory, "gitintegration.db")}",
            $"--GitIntegration:AdminToken={adminToken}",
            $"--GitIntegration:Cluster:SiloPort={FreePort.Next()}",
            $"{providerKey}Id={provider.Id}",
            $"{providerKey}Type=gitlab",
            $"{providerKey}ClientId={provider.ClientId}",
            $"{providerKey}ClientSecret={provider.ClientSecret}",
            $"{providerKey}AuthUrl={provider.AuthUrl}",
            $"{providerKey}Regex={provider.Regex}",
            // What an operator sets to investigate: the service and the framework at Debug.
            "--Logging:LogLevel:Default=Debug",
            "--Logging:LogLevel:Microsoft.AspNetCore=Debug",
        ];
        var dll = RepositoryRoot.ProgramDll("ApiGateway", "GitIntegration.ApiGateway");
        var process = ChildProcess.StartDotnet("gateway", dll, arguments, new Dictionary<string, string>(), Path.Combine(folder, "logs"));
        var gateway = new GatewayProcess(process, baseUrl, adminToken, dataDirectory);
        try
        {
            await gateway.WaitUntilReadyAsync();
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartLimit;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the gateway exited during start-up:\n{_process.Tail()}");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/readyz")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        Assert.Fail($"the gateway was not ready within {StartLimit}:\n{_process.Tail()}");
    }

    /// <summary>An API client that sends <paramref name="token"/> as Coder clients do.</summary>
    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Add("Coder-Session-Token", token);
        return client;
    }

    /// <summary>Creates a member with the admin token and a session key for them; returns the key.</summary>
    public async Task<string> CreateUserAsync(string username)
    {
        var created = await Admin.PostAsJsonAsync("api/v2/users", new { username });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await Admin.PostAsync($"api/v2/users/{username}/keys", null);
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        return JsonNode.Parse(await key.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
    }

    /// <summary>The user's SSH private key, which only the user may read.</summary>
    public async Task<string> PrivateSshKeyAsync(string sessionKey)
    {
        using var client = Client(sessionKey);
        var response = await client.GetAsync("api/v2/users/me/gitsshkey/private");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["private_key"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        _process.Terminate();
        if (!await _process.WaitForExitAsync(TimeSpan.FromSeconds(30)))
            _process.Kill();
        await _process.DisposeAsync();
    }
}
