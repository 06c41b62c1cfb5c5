using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Limits;

/// <summary>
/// Answers 413 with the error body for a body over the limit: at once when Content-Length says so, otherwise
/// (chunked) by reading it first. Bodies here are small JSON documents, so buffering one costs little.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    private readonly long _limit = options.Value.Limits.MaxRequestBodyBytes;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is { } length)
            return length > _limit ? RejectAsync(context) : next(context);
        return context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true
            ? BufferThenContinueAsync(context)
            : next(context); // most requests (GET) carry no body: no state machine for them
    }

    private async Task BufferThenContinueAsync(HttpContext context)
    {
        var buffered = await BufferAsync(context.Request.Body, context.RequestAborted);
        if (buffered is null)
        {
            await RejectAsync(context);
            return;
        }
        context.Request.Body = buffered;
        context.Request.ContentLength = buffered.Length;
        await next(context);
    }

    /// <summary>The body in memory, or null when it is longer than the limit.</summary>
    private async Task<MemoryStream?> BufferAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > _limit)
                    return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        buffer.Position = 0;
        return buffer;
    }

    private static Task RejectAsync(HttpContext context)
    {
        // The rest of the body is not read; the connection closes after this answer.
        context.Response.Headers.Connection = "close";
        return ErrorResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorResponses.DefaultMessage(413),
            $"The limit is {context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.Limits.MaxRequestBodyBytes} bytes.");
    }
}
