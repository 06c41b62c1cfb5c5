namespace GitIntegration.Grains.Providers.Http;

/// <summary>
/// Reads every answer completely inside the attempt (so the attempt timeout covers a slow body and a dropped
/// connection surfaces here), refusing one larger than the limit with an HttpRequestException whose error is
/// ConfigurationLimitExceeded. Every caller reads whole answers anyway, Octokit included.
/// </summary>
public sealed class BufferingHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(maxBytes, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
