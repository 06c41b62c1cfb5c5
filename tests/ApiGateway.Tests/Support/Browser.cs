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

    /// <summary>Opens a URL as a browser's address bar or link does: asking for HTML first, as Chromium sends it.</summary>
    public Task<HttpResponseMessage> NavigateAsync(string url)
    {
        Visited.Add(new Uri(_http.BaseAddress!, url));
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", NavigationAccept);
        return _http.SendAsync(request);
    }

    /// <summary>Signs in with a sign-in link as its page does once the user confirms: the link's key, posted as JSON.</summary>
    public Task<HttpResponseMessage> ConfirmSignInLinkAsync(string link)
    {
        var key = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["key"];
        return _http.PostAsync("login/token", System.Net.Http.Json.JsonContent.Create(new { key }));
    }

    /// <summary>Chromium's Accept header for a navigation.</summary>
    public const string NavigationAccept =
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

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
