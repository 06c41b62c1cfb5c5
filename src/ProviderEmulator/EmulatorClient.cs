using System.Net.Http.Json;
using System.Text.Json;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator;

/// <summary>A control API call that did not succeed.</summary>
public sealed class EmulatorControlException(int status, string message) : Exception($"emulator control API answered {status}: {message}")
{
    public int Status { get; } = status;
}

/// <summary>Typed client for the emulator's control API (E/_control).</summary>
public sealed class EmulatorClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="baseUrl">The emulator's base URL, e.g. http://127.0.0.1:9000.</param>
    public EmulatorClient(string baseUrl)
        : this(new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") }, ownsHttp: true)
    {
    }

    /// <param name="http">An HttpClient whose BaseAddress is the emulator's base URL.</param>
    public EmulatorClient(HttpClient http)
        : this(http, ownsHttp: false)
    {
    }

    private EmulatorClient(HttpClient http, bool ownsHttp)
    {
        _http = http;
        _ownsHttp = ownsHttp;
    }

    /// <summary>The key the counters use for a refresh token: lowercase hex SHA-256 of its UTF-8 bytes.</summary>
    public static string HashToken(string token) => TokenValues.Sha256Hex(token);

    public Task ResetAsync(CancellationToken ct = default) => Send(HttpMethod.Post, "_control/reset", null, ct);

    public Task<InstanceInfo> CreateInstanceAsync(string name, string type, InstanceSettingsDto? settings = null, CancellationToken ct = default) =>
        Send<InstanceInfo>(HttpMethod.Post, "_control/instances", new CreateInstanceRequest(name, type, settings), ct);

    public Task<List<InstanceInfo>> GetInstancesAsync(CancellationToken ct = default) => Send<List<InstanceInfo>>(HttpMethod.Get, "_control/instances", null, ct);

    public Task<InstanceInfo> GetInstanceAsync(string instance, CancellationToken ct = default) =>
        Send<InstanceInfo>(HttpMethod.Get, $"_control/instances/{E(instance)}", null, ct);

    public Task DeleteInstanceAsync(string instance, CancellationToken ct = default) => Send(HttpMethod.Delete, $"_control/instances/{E(instance)}", null, ct);

    public Task<InstanceInfo> UpdateSettingsAsync(string instance, InstanceSettingsDto settings, CancellationToken ct = default) =>
        Send<InstanceInfo>(HttpMethod.Put, $"_control/instances/{E(instance)}/settings", settings, ct);

    public Task<AccountInfo> CreateAccountAsync(string instance, CreateAccountRequest account, CancellationToken ct = default) =>
        Send<AccountInfo>(HttpMethod.Post, $"_control/instances/{E(instance)}/accounts", account, ct);

    public Task<AccountInfo> CreateAccountAsync(string instance, string login, string? name = null, string? email = null, CancellationToken ct = default) =>
        CreateAccountAsync(instance, new CreateAccountRequest(login, name, email), ct);

    public Task<List<AccountInfo>> GetAccountsAsync(string instance, CancellationToken ct = default) =>
        Send<List<AccountInfo>>(HttpMethod.Get, $"_control/instances/{E(instance)}/accounts", null, ct);

    public Task<AppInfo> RegisterAppAsync(string instance, RegisterAppRequest app, CancellationToken ct = default) =>
        Send<AppInfo>(HttpMethod.Post, $"_control/instances/{E(instance)}/apps", app, ct);

    public Task<ConsumerInfo> RegisterOAuth1ConsumerAsync(string instance, string publicKeyPem, string consumerKey = "GitIntegration", CancellationToken ct = default) =>
        Send<ConsumerInfo>(HttpMethod.Post, $"_control/instances/{E(instance)}/oauth1-consumers", new RegisterConsumerRequest(publicKeyPem, consumerKey), ct);

    public Task<PatInfo> IssuePersonalAccessTokenAsync(string instance, string login, IssuePatRequest? request = null, CancellationToken ct = default) =>
        Send<PatInfo>(HttpMethod.Post, $"_control/instances/{E(instance)}/accounts/{E(login)}/pats", request ?? new IssuePatRequest(), ct);

    public Task ApproveDeviceAsync(string instance, string userCode, string login, CancellationToken ct = default) =>
        Send(HttpMethod.Post, $"_control/instances/{E(instance)}/device/approve", new DeviceDecisionRequest(userCode, login), ct);

    public Task DenyDeviceAsync(string instance, string userCode, CancellationToken ct = default) =>
        Send(HttpMethod.Post, $"_control/instances/{E(instance)}/device/deny", new DeviceDecisionRequest(userCode), ct);

    public Task ExpireTokenAsync(string token, CancellationToken ct = default) => Send(HttpMethod.Post, "_control/tokens/expire", new TokenBody(token), ct);

    public Task RevokeTokenAsync(string token, CancellationToken ct = default) => Send(HttpMethod.Post, "_control/tokens/revoke", new TokenBody(token), ct);

    public Task<IntrospectionResult> IntrospectAsync(string token, CancellationToken ct = default) =>
        Send<IntrospectionResult>(HttpMethod.Post, "_control/tokens/introspect", new TokenBody(token), ct);

    public Task<List<RepositoryInfo>> SeedRepositoriesAsync(string instance, string login, IEnumerable<SeedRepository> repositories, CancellationToken ct = default) =>
        Send<List<RepositoryInfo>>(HttpMethod.Post, $"_control/instances/{E(instance)}/accounts/{E(login)}/repositories", repositories.ToArray(), ct);

    public Task<InstallationInfo> SeedInstallationAsync(string instance, string login, SeedInstallation installation, CancellationToken ct = default) =>
        Send<InstallationInfo>(HttpMethod.Post, $"_control/instances/{E(instance)}/accounts/{E(login)}/installations", installation, ct);

    public Task<List<SshKeyInfo>> GetSshKeysAsync(string instance, string login, CancellationToken ct = default) =>
        Send<List<SshKeyInfo>>(HttpMethod.Get, $"_control/instances/{E(instance)}/accounts/{E(login)}/ssh-keys", null, ct);

    public Task<List<SshKeyInfo>> GetAllSshKeysAsync(string instance, CancellationToken ct = default) =>
        Send<List<SshKeyInfo>>(HttpMethod.Get, $"_control/instances/{E(instance)}/ssh-keys", null, ct);

    public Task<FaultInfo> AddFaultAsync(FaultSpec fault, CancellationToken ct = default) => Send<FaultInfo>(HttpMethod.Post, "_control/faults", fault, ct);

    public Task<List<FaultInfo>> GetFaultsAsync(CancellationToken ct = default) => Send<List<FaultInfo>>(HttpMethod.Get, "_control/faults", null, ct);

    public Task ClearFaultsAsync(CancellationToken ct = default) => Send(HttpMethod.Delete, "_control/faults", null, ct);

    public Task RemoveFaultAsync(string id, CancellationToken ct = default) => Send(HttpMethod.Delete, $"_control/faults/{E(id)}", null, ct);

    public Task<CountersSnapshot> GetCountersAsync(CancellationToken ct = default) => Send<CountersSnapshot>(HttpMethod.Get, "_control/counters", null, ct);

    public Task ResetCountersAsync(CancellationToken ct = default) => Send(HttpMethod.Delete, "_control/counters", null, ct);

    /// <summary>How many times this refresh token was presented to a token endpoint (hashed here; the token is not sent).</summary>
    public async Task<long> GetRefreshTokenPresentationsAsync(string refreshToken, CancellationToken ct = default) =>
        (await Send<RefreshTokenCount>(HttpMethod.Get, $"_control/counters/refresh-tokens/{HashToken(refreshToken)}", null, ct)).Presented;

    /// <summary>Calls to one endpoint of one instance so far.</summary>
    public async Task<long> GetEndpointCallsAsync(string instance, string endpoint, CancellationToken ct = default) =>
        (await GetCountersAsync(ct)).Endpoints.FirstOrDefault(e => e.Instance == instance && e.Endpoint == endpoint)?.Count ?? 0;

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string E(string value) => Uri.EscapeDataString(value);

    private async Task Send(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendRaw(method, path, body, ct);
    }

    private async Task<T> Send<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await SendRaw(method, path, body, ct);
        return (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
    }

    private async Task<HttpResponseMessage> SendRaw(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new EmulatorControlException((int)response.StatusCode, text);
        }

        return response;
    }
}
