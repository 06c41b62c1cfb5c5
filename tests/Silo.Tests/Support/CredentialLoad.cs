using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>
/// Steady load on the gateway: workers ask for git credentials of random users, as git does on every fetch.
/// Every answer must be 200 with a password; anything else is a failure, kept with its reason.
/// </summary>
public sealed class CredentialLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _workers;
    private long _succeeded;

    public CredentialLoad(string gatewayUrl, IReadOnlyList<LinkedUser> users, int workers)
    {
        var http = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(60) };
        _workers = Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!_stop.IsCancellationRequested)
            {
                var user = users[random.Next(users.Count)];
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/git/credentials?url=" + Uri.EscapeDataString("https://git.cluster.test/group/project.git"));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.SessionKey);
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode || !JsonDocument.Parse(body).RootElement.TryGetProperty("password", out var password) || password.GetString() is not { Length: > 0 })
                        Failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {(int)response.StatusCode} {body}");
                    else
                        Interlocked.Increment(ref _succeeded);
                }
                catch (Exception error)
                {
                    if (!_stop.IsCancellationRequested)
                        Failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {error.GetType().Name}: {error.Message}");
                }
            }
        })));
    }

    public ConcurrentBag<string> Failures { get; } = [];
    public long Succeeded => Interlocked.Read(ref _succeeded);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _workers;
    }
}
