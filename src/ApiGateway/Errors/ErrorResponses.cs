using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Errors;

/// <summary>Writes the error body directly, for middleware that runs outside endpoints (limits, auth, unknown routes).</summary>
public static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, int status, string message, string? detail = null) =>
        WriteAsync(context, status, new ApiError(message, detail));

    public static async Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        context.Response.ContentType = "application/json; charset=utf-8";
        // Not RequestAborted: after a request timeout that token is already cancelled, and the answer must still go out.
        await JsonSerializer.SerializeAsync(context.Response.Body, error, options, CancellationToken.None);
    }

    /// <summary>The message for a bare status that no endpoint explained (unknown route, wrong method...).</summary>
    public static string DefaultMessage(int status) => status switch
    {
        400 => "Bad request.",
        401 => "You must be signed in: send Coder-Session-Token, Authorization: Bearer, or the session cookie.",
        403 => "You are not allowed to do this.",
        404 => "Route not found.",
        405 => "Method not allowed on this route.",
        406 => "Only application/json responses are available.",
        408 => "Request timed out.",
        411 => "A Content-Length is required.",
        413 => "Request body is too large.",
        414 => "Request line is too long.",
        415 => "Content-Type must be application/json.",
        429 => "Too many requests; slow down.",
        431 => "Request headers are too large.",
        503 => "Service unavailable; try again later.",
        _ => "The request failed.",
    };
}
