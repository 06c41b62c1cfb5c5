using System.Globalization;
using System.Threading.RateLimiting;
using GitIntegration.ApiGateway.Auth;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using Microsoft.AspNetCore.Http.Timeouts;

namespace GitIntegration.ApiGateway.Limits;

/// <summary>Per-caller rate limit (429), request timeouts (503) and the body size limit (413), all answering with the error body.</summary>
public static class RequestLimits
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, RequestLimitOptions limits)
    {
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.BurstPerCaller,
            TokensPerPeriod = limits.RequestsPerSecondPerCaller,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        Func<string, TokenBucketRateLimiterOptions> bucketFor = _ => bucket; // made once, not per request
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), bucketFor));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ErrorResponses.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, ErrorResponses.DefaultMessage(429),
                    $"At most {limits.RequestsPerSecondPerCaller} requests per second (bursts of {limits.BurstPerCaller}) per caller.");
            };
        });
        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = limits.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = context => ErrorResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "The request took too long; try again later.", $"The limit is {limits.RequestTimeout.TotalSeconds:0} seconds."),
        });
        return services;
    }

    /// <summary>The signed-in user (their id as is: no string built per request) or the admin token; anonymous
    /// callers (and bad tokens) by client address. User ids start with 'u', so the three never collide.</summary>
    private static string PartitionKey(HttpContext context) => Caller.FromPrincipal(context.User) switch
    {
        { UserId: { } userId } => userId,
        { } => "admin-token",
        null => "@" + context.Connection.RemoteIpAddress,
    };
}
