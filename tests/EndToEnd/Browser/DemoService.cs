using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitIntegration.ProviderEmulator;
using GitIntegration.TestSupport;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>
/// The service as a newcomer runs it: <c>GitIntegration.ApiGateway.dll --demo</c> as a child process on a free
/// port with its data in a temp folder. What it prints (service URL, emulator URL, sign-in link) is read from its
/// output; the admin token from the file it generates.
/// </summary>
public sealed partial class DemoService : IAsyncDisposable
{
    private const string LogName = "demo-service";

    private readonly ChildProcess _process;
    private readonly string _folder;

    private DemoService(ChildProcess process, string folder, string baseUrl, string emulatorUrl, string signInLink, string adminToken)
    {
        _process = process;
        _folder = folder;
        BaseUrl = baseUrl;
        EmulatorUrl = emulatorUrl;
        SignInLink = signInLink;
        AdminToken = adminToken;
        Emulator = new EmulatorClient(emulatorUrl);
        Admin = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
        Admin.DefaultRequestHeaders.Add("Coder-Session-Token", adminToken);
    }

    public string BaseUrl { get; }
    public string EmulatorUrl { get; }

    /// <summary>The demo user's single-use sign-in link, as printed.</summary>
    public string SignInLink { get; }

    public string AdminToken { get; }
    public EmulatorClient Emulator { get; }

    /// <summary>The API with the admin token, for setting a test up (users, keys), never for what the test checks.</summary>
    public HttpClient Admin { get; }

    public static async Task<DemoService> StartAsync(string logDirectory)
    {
        var folder = Directory.CreateTempSubdirectory("gitintegration-browser-").FullName;
        var port = FreePort.Next();
        File.Delete(Path.Combine(logDirectory, LogName + ".log")); // the log appends: the last run's banner must not be read
        var process = ChildProcess.StartDotnet(LogName, RepositoryRoot.ProgramDll("ApiGateway", "GitIntegration.ApiGateway"),
            ["--demo", "--urls", $"http://127.0.0.1:{port}", $"--GitIntegration:DataDirectory={folder}",
             $"--GitIntegration:Storage:SqlitePath={Path.Combine(folder, "gitintegration.db")}",
             $"--GitIntegration:Cluster:SiloPort={FreePort.Next()}"],
            new Dictionary<string, string>(), logDirectory);
        try
        {
            var output = await WaitForBannerAsync(process);
            var service = Banner(ServiceLine(), output, "Service");
            var emulator = Banner(EmulatorLine(), output, "Provider emulator");
            var link = Banner(SignInLine(), output, "Sign in as");
            var adminToken = (await File.ReadAllTextAsync(Path.Combine(folder, "admin-token"))).Trim();
            return new DemoService(process, folder, service, emulator, link, adminToken);
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>A new member and a session key for them, made through the API as an administrator would.</summary>
    public async Task<string> CreateUserWithKeyAsync(string username)
    {
        var created = await Admin.PostAsJsonAsync("api/v2/users", new { username });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var key = await Admin.PostAsJsonAsync($"api/v2/users/{username}/keys", new { token_name = "browser test" });
        Assert.True(key.IsSuccessStatusCode, await key.Content.ReadAsStringAsync());
        return JsonNode.Parse(await key.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
    }

    /// <summary>A single-use sign-in link for an existing user, as an administrator makes one.</summary>
    public async Task<string> CreateSignInLinkAsync(string username)
    {
        var link = await Admin.PostAsync($"api/v2/users/{username}/login-link", null);
        Assert.True(link.IsSuccessStatusCode, await link.Content.ReadAsStringAsync());
        return JsonNode.Parse(await link.Content.ReadAsStringAsync())!["url"]!.GetValue<string>();
    }

    public string Tail() => _process.Tail();

    /// <summary>Start-up takes a few seconds (build of the store, the emulator); the banner is its last step.</summary>
    private static async Task<string> WaitForBannerAsync(ChildProcess process)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!deadline.IsCancellationRequested)
        {
            var output = process.Tail(200);
            if (SignInLine().IsMatch(output))
                return output;
            if (process.HasExited)
                throw new InvalidOperationException($"The demo exited during start-up:\n{output}");
            await Task.Delay(200);
        }
        throw new TimeoutException($"The demo did not print its sign-in link:\n{process.Tail()}");
    }

    private static string Banner(Regex line, string output, string what) =>
        line.Match(output) is { Success: true } match ? match.Groups[1].Value.TrimEnd('/') : throw new InvalidOperationException($"No '{what}' line in:\n{output}");

    [GeneratedRegex(@"Service:\s+(http://\S+)")]
    private static partial Regex ServiceLine();

    [GeneratedRegex(@"Provider emulator:\s+(http://\S+)")]
    private static partial Regex EmulatorLine();

    [GeneratedRegex(@"Sign in as '[^']+' \(single use\):\s+(http://\S+)")]
    private static partial Regex SignInLine();

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Emulator.Dispose();
        _process.Terminate();
        if (!await _process.WaitForExitAsync(TimeSpan.FromSeconds(15)))
            _process.Kill();
        await _process.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
