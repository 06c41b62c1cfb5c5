using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.ProviderEmulator.Tests.Support;

/// <summary>
/// A fake OAuth client's redirect URI on loopback: GET /callback answers with the query parameters it received as
/// JSON, so a test that follows the provider's redirect sees the code (or error) and state.
/// </summary>
public sealed class CallbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CallbackServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string RedirectUri => BaseUrl + "/callback";

    public static async Task<CallbackServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRouting();
        var app = builder.Build();
        app.MapGet("/callback/{**rest}", (HttpContext context) =>
            Results.Json(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CallbackServer(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
