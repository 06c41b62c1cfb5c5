using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using GitIntegration.ProviderEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GitIntegration.EndToEnd.Git;

/// <summary>One request the git server received: the Basic credentials it carried (null when none) and the answer.</summary>
public sealed record GitServerRequest(string Method, string Path, string? Username, string? Password, int Status);

/// <summary>
/// A git server on loopback speaking git's smart HTTP protocol (through <c>git http-backend</c>) that, like a
/// hosted provider, lets in only HTTP Basic requests whose password is a live access token of one emulated provider
/// instance (asked of the emulator's control API). Anything else gets 401 with <c>WWW-Authenticate: Basic realm="git"</c>.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorClient _emulator;
    private readonly string _instance;
    private readonly GitHttpBackend _backend;
    private readonly ConcurrentQueue<GitServerRequest> _requests = new();

    private GitHttpServer(WebApplication app, EmulatorClient emulator, string instance, string projectRoot)
    {
        _app = app;
        _emulator = emulator;
        _instance = instance;
        _backend = new GitHttpBackend(projectRoot);
        ProjectRoot = projectRoot;
    }

    /// <summary>e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The folder whose bare repositories are served (<c>GIT_PROJECT_ROOT</c>).</summary>
    public string ProjectRoot { get; }

    public IReadOnlyList<GitServerRequest> Requests => _requests.ToArray();

    /// <summary>The passwords of the requests that were let in, in order, without repeats.</summary>
    public IReadOnlyList<string> AcceptedPasswords =>
        Requests.Where(r => r.Status != StatusCodes.Status401Unauthorized && r.Password is not null).Select(r => r.Password!).Distinct().ToList();

    public static async Task<GitHttpServer> StartAsync(string projectRoot, EmulatorClient emulator, string instance)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = projectRoot });
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new GitHttpServer(app, emulator, instance, projectRoot);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var (username, password) = BasicCredentials(context.Request);
        try
        {
            if (password is not null && await IsLiveTokenAsync(password))
            {
                await _backend.ServeAsync(context, username!);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"git\"";
        }
        finally
        {
            _requests.Enqueue(new GitServerRequest(context.Request.Method, context.Request.Path.Value ?? "", username, password, context.Response.StatusCode));
        }
    }

    private async Task<bool> IsLiveTokenAsync(string token)
    {
        var introspection = await _emulator.IntrospectAsync(token);
        return introspection.Active && introspection.Instance == _instance;
    }

    private static (string? Username, string? Password) BasicCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return (null, null);
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return (null, null);
        }
        var colon = decoded.IndexOf(':');
        return colon < 0 ? (null, null) : (decoded[..colon], decoded[(colon + 1)..]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
