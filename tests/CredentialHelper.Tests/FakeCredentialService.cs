using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GitIntegration.CredentialHelper.Tests;

/// <summary>One request the fake service received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization, string Body)
{
    public bool IsCredentialsGet => Method == "GET" && Path == "/api/v2/git/credentials";
    public bool IsListen => Query.GetValueOrDefault("listen") == "true";
    public bool IsErase => Method == "POST" && Path == "/api/v2/git/credentials/erase";
}

/// <summary>A status and optional JSON body for the fake service to answer with.</summary>
public sealed record Reply(int Status, string? Json = null)
{
    public static Reply Credentials(string username, string password, string? expiresAt = null) => new(200,
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["provider_id"] = "demo-github", ["type"] = "github", ["username"] = username, ["password"] = password,
            ["access_token"] = password, ["expires_at"] = expiresAt, ["token_extra"] = new Dictionary<string, object>(),
        }));

    public static Reply Link(string url) => new(200, System.Text.Json.JsonSerializer.Serialize(new { url }));

    public static readonly Reply NotFound = new(404, """{"message":"No matching provider."}""");
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 playing the service's git credentials endpoints. Every request
/// is recorded and answered by the test's <c>respond</c> function.
/// </summary>
public sealed class FakeCredentialService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeCredentialService(Func<RecordedRequest, Reply> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            var request = await RecordAsync(context.Request);
            _requests.Enqueue(request);
            var reply = respond(request);
            context.Response.StatusCode = reply.Status;
            if (reply.Json is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(reply.Json);
            }
        });
    }

    /// <summary>The base URL to put in GITINTEGRATION_URL.</summary>
    public string Url => _app.Urls.First();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<FakeCredentialService> StartAsync(Func<RecordedRequest, Reply> respond)
    {
        var service = new FakeCredentialService(respond);
        await service._app.StartAsync();
        return service;
    }

    private static async Task<RecordedRequest> RecordAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var query = request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
        return new RecordedRequest(request.Method, request.Path, query, request.Headers.Authorization.FirstOrDefault(), body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
