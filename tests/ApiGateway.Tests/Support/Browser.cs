using System.Net;

namespace GitIntegration.ApiGateway.Tests.Support;

/// <summary>A cookie-keeping HTTP client that follows redirects one hop at a time, recording where it went.</summary>
public sealed class Browser : IDisposable
{
    private readonly HttpClient _http;

    public Browser(string baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            BaseAddress = new Uri(baseUrl + "/"),
        };
    }

    public CookieContainer Cookies { get; }
    public List<Uri> Visited { get; } = [];

    public Task<HttpResponseMessage> GetAsync(string url)
    {
        Visited.Add(new Uri(_http.BaseAddress!, url));
        return _http.GetAsync(url);
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    /// <summary>Follows redirects until an answer that is not one, or until <paramref name="stopAt"/> says so for the next URL.</summary>
    public async Task<HttpResponseMessage> FollowAsync(string url, Func<Uri, bool>? stopAt = null, int maxHops = 10)
    {
        var current = new Uri(_http.BaseAddress!, url);
        for (var hop = 0; hop < maxHops; hop++)
        {
            var response = await GetAsync(current.ToString());
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null)
                return response;
            var next = new Uri(current, response.Headers.Location);
            if (stopAt?.Invoke(next) == true)
                return response;
            current = next;
        }
        throw new InvalidOperationException($"More than {maxHops} redirects from {url}.");
    }

    public string? Cookie(string name) => Cookies.GetAllCookies().FirstOrDefault(c => c.Name == name)?.Value;

    public void Dispose() => _http.Dispose();
}
