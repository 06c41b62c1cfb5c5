using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using GitIntegration.ProviderEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>One token endpoint call seen by a tap: who sent it, which refresh token it spent, what it got back.
/// Tokens appear only as SHA-256 hashes (<see cref="EmulatorClient.HashToken"/>), as in the emulator's counters.</summary>
public sealed record TokenExchange(
    string Silo,
    string GrantType,
    string? PresentedRefreshToken,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AnsweredAt,
    int Status,
    string? IssuedAccessToken,
    string? IssuedRefreshToken)
{
    public bool IsRefresh => GrantType == "refresh_token";
    public bool Succeeded => Status == 200 && IssuedAccessToken is not null;
}

/// <summary>
/// A recording proxy between one silo and the provider emulator: the silo's provider URLs point here, so every
/// token exchange is known with the silo that made it. A request received in full is always forwarded and
/// answered, even if the silo that sent it has died meanwhile, exactly as a real provider processes what reached
/// it; the tap adds no faults and holds nothing back.
/// </summary>
public sealed class ProviderTap : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
        { "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Content-Length" };

    private readonly WebApplication _app;
    private readonly HttpClient _provider;
    private readonly ConcurrentQueue<TokenExchange> _exchanges = new();

    private ProviderTap(string silo, WebApplication app, HttpClient provider)
    {
        Silo = silo;
        _app = app;
        _provider = provider;
    }

    public string Silo { get; }
    public string BaseUrl { get; private set; } = "";
    public IReadOnlyCollection<TokenExchange> Exchanges => _exchanges;

    public static async Task<ProviderTap> StartAsync(string silo, string emulatorBaseUrl)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var provider = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(emulatorBaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        var tap = new ProviderTap(silo, builder.Build(), provider);
        tap._app.Run(tap.ForwardAsync);
        await tap._app.StartAsync();
        tap.BaseUrl = tap._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return tap;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            body = buffer.ToArray();
        }
        catch (Exception)
        {
            return; // the sender died before the request was complete: nothing reached the provider
        }
        var receivedAt = DateTimeOffset.UtcNow;

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString) { Content = new ByteArrayContent(body) };
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
                continue;
            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
                forward.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        // Not cancelled when the sender goes away: what reached the provider is processed.
        using var answer = await _provider.SendAsync(forward, CancellationToken.None);
        var answerBody = await answer.Content.ReadAsByteArrayAsync(CancellationToken.None);
        if (request.Method == "POST" && request.Path.Value!.EndsWith("/oauth/token", StringComparison.Ordinal))
            Record(body, receivedAt, (int)answer.StatusCode, answerBody);

        try
        {
            context.Response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                    context.Response.Headers[name] = values.ToArray();
            }
            await context.Response.Body.WriteAsync(answerBody);
        }
        catch (Exception)
        {
            // the sender is gone; the provider has done its part
        }
    }

    private void Record(byte[] requestBody, DateTimeOffset receivedAt, int status, byte[] answerBody)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(requestBody));
        string? issuedAccess = null, issuedRefresh = null;
        if (status == 200)
        {
            var json = JsonDocument.Parse(answerBody).RootElement;
            issuedAccess = json.TryGetProperty("access_token", out var access) ? access.GetString() : null;
            issuedRefresh = json.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null;
        }
        _exchanges.Enqueue(new TokenExchange(
            Silo,
            form.TryGetValue("grant_type", out var grant) ? grant.ToString() : "",
            Hash(form.TryGetValue("refresh_token", out var spent) ? spent.ToString() : null),
            receivedAt,
            DateTimeOffset.UtcNow,
            status,
            Hash(issuedAccess),
            Hash(issuedRefresh)));
    }

    private static string? Hash(string? token) => string.IsNullOrEmpty(token) ? null : EmulatorClient.HashToken(token);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _provider.Dispose();
    }
}
