using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace GitIntegration.Grains.Providers.Http;

/// <summary>
/// Sends requests to providers through the named HttpClient, retrying transient failures (5xx, 429 honouring
/// Retry-After, attempt timeouts, network errors) with Polly inside <see cref="ProviderHttpOptions.RetryBudget"/>.
/// Permanent answers (4xx other than 429) come back at once. Logs name the operation and the status only:
/// URLs can carry codes and bodies carry tokens.
/// </summary>
public sealed class ProviderHttp
{
    public const string ClientName = "GitIntegration.Providers";

    private static readonly ResiliencePropertyKey<long> StartedAt = new("gitintegration.provider-call-started");
    private static readonly ResiliencePropertyKey<string> Operation = new("gitintegration.provider-operation");

    private readonly IHttpClientFactory _clients;
    private readonly ILogger<ProviderHttp> _logger;
    private readonly ProviderHttpOptions _options;
    private readonly ResiliencePipeline<ProviderResponse> _pipeline;

    public ProviderHttp(IHttpClientFactory clients, IOptions<ProviderHttpOptions> options, ILogger<ProviderHttp> logger, TimeProvider time)
    {
        _clients = clients;
        _logger = logger;
        _options = options.Value;
        Time = time;
        _pipeline = BuildPipeline();
    }

    public TimeProvider Time { get; }

    /// <summary>Sends the request <paramref name="build"/> makes (a new one per attempt) and reads the whole answer.</summary>
    /// <param name="operation">For logs, e.g. "github refresh"; never a URL or a value.</param>
    /// <exception cref="ProviderUnreachableException">Network failure or timeout on the last attempt.</exception>
    public async Task<ProviderResponse> SendAsync(string operation, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedAt, Stopwatch.GetTimestamp());
        context.Properties.Set(Operation, operation);
        try
        {
            return await _pipeline.ExecuteAsync(static async (ctx, state) => await state.Self.SendOnceAsync(state.Build, ctx.CancellationToken),
                context, (Self: this, Build: build));
        }
        catch (Exception e) when (IsNetworkOrTimeout(e) && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Provider call {Operation} failed: {Failure}", operation, e.GetType().Name);
            throw new ProviderUnreachableException($"{operation}: the provider could not be reached ({Describe(e)}).", e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<ProviderResponse> SendOnceAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var request = build();
        using var response = await _clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.Concat(response.Content.Headers))
            headers[header.Key] = string.Join(", ", header.Value);
        return new ProviderResponse((int)response.StatusCode, headers, body);
    }

    private ResiliencePipeline<ProviderResponse> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<ProviderResponse>();
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ProviderResponse>
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter(Time.GetUtcNow())),
                OnRetry = args =>
                {
                    _logger.LogInformation("Provider call {Operation} attempt {Attempt} failed ({Failure}); retrying in {Delay} ms",
                        args.Context.Properties.GetValue(Operation, "?"), args.AttemptNumber + 1,
                        args.Outcome.Result is { } r ? $"HTTP {r.Status}" : args.Outcome.Exception?.GetType().Name,
                        (int)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }
        return builder.AddTimeout(_options.AttemptTimeout).Build();
    }

    private bool ShouldRetry(Outcome<ProviderResponse> outcome, ResilienceContext context)
    {
        if (context.CancellationToken.IsCancellationRequested)
            return false;
        var transient = outcome.Result is { } response ? response.IsTransientFailure : outcome.Exception is { } e && IsNetworkOrTimeout(e);
        if (!transient)
            return false;
        var elapsed = Stopwatch.GetElapsedTime(context.Properties.GetValue(StartedAt, Stopwatch.GetTimestamp()));
        var wait = outcome.Result?.RetryAfter(Time.GetUtcNow()) ?? _options.BaseDelay;
        return elapsed + wait < _options.RetryBudget;
    }

    private static bool IsNetworkOrTimeout(Exception e) =>
        e is HttpRequestException or TimeoutRejectedException or TaskCanceledException { InnerException: TimeoutException } or IOException;

    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException or TaskCanceledException => "timed out",
        HttpRequestException { HttpRequestError: var error } => error.ToString(),
        _ => e.GetType().Name,
    };
}
