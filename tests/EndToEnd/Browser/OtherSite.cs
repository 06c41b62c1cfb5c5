using System.Net;
using System.Text;
using GitIntegration.TestSupport;

namespace GitIntegration.EndToEnd.Browser;

/// <summary>
/// Another site for the browser to visit: http://localhost on a port of its own (another site than the service at
/// 127.0.0.1), serving fixed HTML pages. A real server, not a route Playwright fulfils: Chromium lets a page reach a
/// loopback address only from another loopback address, so a page without one could not send anything to the service.
/// </summary>
public sealed class OtherSite : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyDictionary<string, string> _pages;
    private readonly Task _serving;

    private OtherSite(int port, IReadOnlyDictionary<string, string> pages)
    {
        Url = $"http://localhost:{port}";
        _pages = pages;
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    /// <param name="pages">HTML by path ("/prize").</param>
    public static OtherSite Start(IReadOnlyDictionary<string, string> pages) => new(FreePort.Next(), pages);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return; // stopped
            }
            using var response = context.Response;
            if (_pages.TryGetValue(context.Request.Url!.AbsolutePath, out var html))
            {
                var body = Encoding.UTF8.GetBytes(html);
                response.ContentType = "text/html; charset=utf-8";
                await response.OutputStream.WriteAsync(body);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }
}
