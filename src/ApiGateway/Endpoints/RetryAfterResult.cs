using System.Globalization;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>503 with Retry-After for a token the provider cannot hand out right now (it is down and the old one expired).</summary>
public sealed class RetryAfterResult(IResult inner, int seconds) : IResult
{
    public static RetryAfterResult Unavailable(TokenResult token) => new(
        ApiResults.Status(StatusCodes.Status503ServiceUnavailable, "The provider is unavailable; try again later.", token.Error),
        (int)Math.Ceiling((token.RetryAfter ?? TimeSpan.FromSeconds(5)).TotalSeconds));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
