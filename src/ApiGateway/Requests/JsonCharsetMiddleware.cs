using GitIntegration.ApiGateway.Errors;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace GitIntegration.ApiGateway.Requests;

/// <summary>
/// JSON bodies are UTF-8 (RFC 8259 section 8.1). The framework's JSON reader takes only an unquoted
/// <c>charset=utf-8</c>: a quoted one, or a charset it cannot load (<c>bogus</c>, empty, <c>utf-7</c>), throws from
/// inside body binding (a 500), and others (latin1, utf-16) it would silently transcode. So on routes that read a
/// body, any spelling of UTF-8 HTTP allows becomes the plain form, and any other charset is a 415 here.
/// It runs after authorization, so a caller who may not use the route learns that first.
/// </summary>
public sealed class JsonCharsetMiddleware(RequestDelegate next)
{
    private const string Charset = "charset";

    public Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.ContentType;
        if (header is null || !header.Contains(Charset, StringComparison.OrdinalIgnoreCase)
            || context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is null
            || !MediaTypeHeaderValue.TryParse(header, out var contentType))
            return next(context); // no charset, no body read here, or a Content-Type the framework refuses with 415 itself

        var charsets = contentType.Parameters.Where(p => p.Name.Equals(Charset, StringComparison.OrdinalIgnoreCase)).ToList();
        if (charsets.Count == 0)
            return next(context);
        if (!charsets.TrueForAll(IsUtf8))
            return ErrorResponses.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported charset.",
                "JSON bodies must be UTF-8: send Content-Type: application/json, with no charset or charset=utf-8.");

        foreach (var charset in charsets)
            contentType.Parameters.Remove(charset);
        contentType.Charset = "utf-8";
        context.Request.ContentType = contentType.ToString();
        return next(context);
    }

    private static bool IsUtf8(NameValueHeaderValue charset)
    {
        var name = HeaderUtilities.RemoveQuotes(charset.Value);
        return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase);
    }
}
