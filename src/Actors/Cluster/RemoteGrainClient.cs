using System.Net;
using System.Text.Json;
using GitIntegration.Actors.Hosting;
using GitIntegration.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Cluster;

/// <summary>What became of a call sent to a silo.</summary>
internal enum RemoteOutcome
{
    Completed,
    /// <summary>The silo does not own the partition (421) or is shutting down (503): route again.</summary>
    NotOwner,
    /// <summary>The silo could not be reached; the call was not delivered.</summary>
    Unreachable,
    /// <summary>The connection failed after the call was sent: it may or may not have run.</summary>
    Interrupted,
}

/// <summary>Sends grain calls to silos over HTTP/2 (cleartext, prior knowledge) on pooled connections.</summary>
public sealed class RemoteGrainClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly JsonSerializerOptions _json;

    public RemoteGrainClient(IOptions<ActorsOptions> options)
    {
        _json = options.Value.JsonOptions;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            KeepAlivePingDelay = TimeSpan.FromSeconds(2),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(3),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        };
        _http = new HttpClient(handler)
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    internal async Task<(RemoteOutcome Outcome, T Result)> SendAsync<T>(string silo, GrainId id, GrainMethod method, object?[] args, long deadline)
    {
        var remaining = deadline - Environment.TickCount64;
        if (remaining <= 0)
            throw new GrainCallTimeoutException($"Call to {id}.{method.Name} ran out of time before it could be sent.");
        using var request = new HttpRequestMessage(HttpMethod.Post, silo.TrimEnd('/') + RemoteCallProtocol.Path)
        {
            Content = new ByteArrayContent(RemoteCallProtocol.WriteRequest(id, method, args, _json)),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(RemoteCallProtocol.DeadlineHeader, remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(remaining));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (HttpRequestException error) when (error.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return (RemoteOutcome.Unreachable, default!);
        }
        catch (HttpRequestException)
        {
            return (RemoteOutcome.Interrupted, default!);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new GrainCallTimeoutException($"Call to {id}.{method.Name} on {silo} did not complete in time.");
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.MisdirectedRequest or HttpStatusCode.ServiceUnavailable)
                return (RemoteOutcome.NotOwner, default!);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new GrainCallException("http", $"Silo {silo} answered {(int)response.StatusCode} to {id}.{method.Name}.");
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
                throw RemoteCallProtocol.RebuildError(error.GetProperty("type").GetString()!, error.GetProperty("message").GetString() ?? "");
            var result = method.ResultType is null ? default : root.GetProperty("result").Deserialize<T>(_json);
            return (RemoteOutcome.Completed, result!);
        }
    }

    public void Dispose() => _http.Dispose();
}
