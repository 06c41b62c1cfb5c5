using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace GitIntegration.Grains.Providers.Http;

/// <summary>The providers' named HttpClient: a resilience handler (retry as <see cref="RetryRules"/> allows, then a
/// per-attempt timeout) around a handler that buffers answers up to a size limit.</summary>
public static class ProviderHttpRegistration
{
    public static IHttpClientBuilder AddProviderHttpClient(this IServiceCollection services)
    {
        var builder = services.AddHttpClient(ProviderHttp.ClientName, client =>
        {
            // GitHub refuses requests without a User-Agent; the attempt timeout below replaces HttpClient's own.
            client.DefaultRequestHeaders.UserAgent.ParseAdd("GitIntegration/1.0");
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddResilienceHandler("provider", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ProviderHttpOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProviderHttp));
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.BaseDelay,
                    MaxDelay = options.MaxDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(
                        RetryRules.ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), options.MaxRetryAfter, time.GetUtcNow())),
                    OnRetry = args =>
                    {
                        var request = args.Context.GetRequestMessage();
                        logger.LogInformation("Provider call {Method} {Host} attempt {Attempt} failed ({Failure}); retrying in {Delay} ms",
                            request?.Method, request?.RequestUri?.Authority, args.AttemptNumber + 1, RetryRules.Describe(args.Outcome),
                            (int)args.RetryDelay.TotalMilliseconds);
                        return default;
                    },
                });
            }
            pipeline.AddTimeout(options.AttemptTimeout);
        });
        builder.AddHttpMessageHandler(sp => new BufferingHandler(sp.GetRequiredService<IOptions<ProviderHttpOptions>>().Value.MaxResponseBytes));
        return builder;
    }
}
