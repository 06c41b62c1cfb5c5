using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace GitIntegration.CredentialHelper;

/// <summary>
/// Talks to the service's git credentials endpoints with the user's session token:
/// <c>GET /api/v2/git/credentials</c> and <c>POST /api/v2/git/credentials/erase</c>.
/// </summary>
public sealed class CredentialServiceClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan EraseTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly string _baseUrl;

    public CredentialServiceClient(HelperSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Never carry the bearer token to wherever a redirect points.
            AllowAutoRedirect = false,
        };
        // Each call sets its own deadline, since a long poll legitimately takes a while.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("git-credential-gitintegration", "1.0"));
        _baseUrl = settings.BaseUrl;
    }

    /// <summary>
    /// Asks for the credential of <paramref name="remoteUrl"/>. With <paramref name="listenSeconds"/> the
    /// service holds the request until the user has linked, for at most that many seconds.
    /// </summary>
    public async Task<ServiceAnswer> GetAsync(string remoteUrl, int? listenSeconds, CancellationToken cancellationToken)
    {
        var uri = $"{_baseUrl}/api/v2/git/credentials?url={Uri.EscapeDataString(remoteUrl)}";
        var deadline = RequestTimeout;
        if (listenSeconds is { } seconds)
        {
            uri += $"&listen=true&timeout={seconds}";
            deadline += TimeSpan.FromSeconds(seconds);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            using var response = await _http.GetAsync(uri, timeout.Token);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.OK)
                return ServiceAnswer.FromSuccessBody(await response.Content.ReadAsStringAsync(timeout.Token));
            return status switch
            {
                404 => new ServiceAnswer.NoProvider(),
                401 or 403 => new ServiceAnswer.Unauthorized(status),
                408 or 429 or >= 500 => new ServiceAnswer.Transient($"HTTP {status}"),
                _ => new ServiceAnswer.Failed($"HTTP {status}"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ServiceAnswer.Transient("no answer in time");
        }
        catch (HttpRequestException e)
        {
            return new ServiceAnswer.Transient(e.Message);
        }
    }

    /// <summary>
    /// Tells the service git rejected the credential for <paramref name="remoteUrl"/>. Best effort:
    /// returns whether the service acknowledged it, never throws for network trouble.
    /// </summary>
    public async Task<bool> EraseAsync(string remoteUrl, string? password, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(EraseTimeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(
                $"{_baseUrl}/api/v2/git/credentials/erase", new EraseRequest(remoteUrl, password), timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed record EraseRequest(
        [property: JsonPropertyName("url")] string Url,
        [property: JsonPropertyName("password"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password);
}
