using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using GitIntegration.ProviderEmulator;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>An answer that was not a credential: when, for whom, and what came back instead.</summary>
public sealed record LoadFailure(DateTimeOffset At, string UserId, string What, bool LinkRequired);

/// <summary>
/// Steady load on the gateway: workers ask for git credentials of random users, as git does on every fetch.
/// Every answer must be 200 with a password; anything else is a failure, kept with its reason. The HTTP timeout
/// is longer than the gateway's own retries of a call a failing silo did not answer.
/// </summary>
public sealed class CredentialLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly Task _workers;
    private readonly ConcurrentQueue<DateTimeOffset> _successes = new();

    public CredentialLoad(string gatewayUrl, IReadOnlyList<LinkedUser> users, int workers)
    {
        _http = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(90) };
        _workers = Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(users, new Random(w)))));
    }

    public ConcurrentQueue<LoadFailure> Failures { get; } = new();

    /// <summary>Every access token handed out (hashed): a pair handed out was acknowledged and must not be lost.</summary>
    public ConcurrentDictionary<string, bool> Served { get; } = new();
    public int Succeeded => _successes.Count;

    public int SucceededAfter(DateTimeOffset moment) => _successes.Count(at => at > moment);

    private async Task WorkAsync(IReadOnlyList<LinkedUser> users, Random random)
    {
        while (!_stop.IsCancellationRequested)
        {
            var user = users[random.Next(users.Count)];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/git/credentials?url=" + Uri.EscapeDataString("https://git.cluster.test/group/project.git"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.SessionKey);
                using var response = await _http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var json = response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement : default;
                if (response.IsSuccessStatusCode && json.TryGetProperty("password", out var password) && password.GetString() is { Length: > 0 } served)
                {
                    Served.TryAdd(EmulatorClient.HashToken(served), true);
                    _successes.Enqueue(DateTimeOffset.UtcNow);
                }
                else
                    Failures.Enqueue(new LoadFailure(DateTimeOffset.UtcNow, user.UserId, $"{(int)response.StatusCode} {body}",
                        response.IsSuccessStatusCode && json.TryGetProperty("url", out _)));
            }
            catch (Exception error) when (!_stop.IsCancellationRequested)
            {
                Failures.Enqueue(new LoadFailure(DateTimeOffset.UtcNow, user.UserId, $"{error.GetType().Name}: {error.Message}", false));
            }
            catch (Exception)
            {
                // stopping
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _workers;
        _http.Dispose();
    }
}
