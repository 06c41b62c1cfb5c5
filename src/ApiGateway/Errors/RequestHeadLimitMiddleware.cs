using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GitIntegration.ApiGateway.Errors;

/// <summary>
/// 414 and 431 with the error body. Kestrel refuses a long request line or large headers while parsing, before any
/// middleware, with an empty answer that cannot be customised (aspnet/KestrelHttpServer#2947). So Kestrel's own
/// limits are raised to a ceiling, and the usual limits (Kestrel's defaults) are enforced here instead. Past the
/// ceiling (a request head over the 1 MiB request buffer, or over 1,000 header lines: nothing a client sends by
/// mistake) Kestrel still answers on its own, without a body.
/// </summary>
public sealed class RequestHeadLimitMiddleware(RequestDelegate next)
{
    public const int MaxRequestLineBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderLines = 100;

    private const int KestrelHeaderLineCeiling = 1_000;
    private const int DefaultKestrelCeilingBytes = 1024 * 1024;

    /// <summary>Lets requests up to the ceiling reach this middleware. Kestrel requires its request buffer to hold
    /// a whole request line and header section, so the buffer's size is the ceiling.</summary>
    public static void RaiseKestrelLimits(KestrelServerLimits limits)
    {
        var ceiling = (int)Math.Min(limits.MaxRequestBufferSize ?? DefaultKestrelCeilingBytes, int.MaxValue);
        limits.MaxRequestLineSize = Math.Max(limits.MaxRequestLineSize, ceiling);
        limits.MaxRequestHeadersTotalSize = Math.Max(limits.MaxRequestHeadersTotalSize, ceiling);
        limits.MaxRequestHeaderCount = Math.Max(limits.MaxRequestHeaderCount, KestrelHeaderLineCeiling);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // As Kestrel counts: "GET /target HTTP/1.1\r\n".
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        if (request.Method.Length + target.Length + request.Protocol.Length + 4 > MaxRequestLineBytes)
        {
            return ErrorResponses.WriteAsync(context, StatusCodes.Status414UriTooLong, ErrorResponses.DefaultMessage(414),
                $"The request line (method, path and query) is limited to {MaxRequestLineBytes} bytes.");
        }
        var (lines, bytes) = Measure(request.Headers);
        if (lines > MaxHeaderLines || bytes > MaxHeaderBytes)
        {
            return ErrorResponses.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, ErrorResponses.DefaultMessage(431),
                $"Headers are limited to {MaxHeaderLines} lines and {MaxHeaderBytes} bytes in total.");
        }
        return next(context);
    }

    /// <summary>Header lines and their size as sent ("Name: value\r\n" each); a repeated header is one line per value.</summary>
    private static (int Lines, int Bytes) Measure(IHeaderDictionary headers)
    {
        int lines = 0, bytes = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                lines++;
                bytes += name.Length + 2 + (value?.Length ?? 0) + 2;
            }
        }
        return (lines, bytes);
    }
}
