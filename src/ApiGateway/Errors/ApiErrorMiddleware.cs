namespace GitIntegration.ApiGateway.Errors;

/// <summary>
/// Every failure leaves with the error body. Exceptions: the caller's mistakes and passing trouble get their 4xx
/// or 503; anything else is the service's own fault, logged and answered 500 (exception messages never carry
/// secrets). A bare error status that nothing explained (unknown route, wrong method or content type) gets a body too.
/// </summary>
public sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the caller went away; there is nobody to answer
        }
        catch (Exception e) when (ExceptionStatus.Map(e) is { } mapped)
        {
            logger.LogDebug("{Method} {Path} answered {Status}: {ExceptionType}", context.Request.Method, context.Request.Path, mapped.Status, e.GetType().Name);
            ClearUnlessStarted(context);
            await ErrorResponses.WriteAsync(context, mapped.Status, mapped.Error);
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            ClearUnlessStarted(context);
            await ErrorResponses.WriteAsync(context, 500, "Internal error.", "The service failed to handle the request; the problem is logged.");
            return;
        }

        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentType is null && response.ContentLength is null)
            await ErrorResponses.WriteAsync(context, response.StatusCode, ErrorResponses.DefaultMessage(response.StatusCode));
    }

    /// <summary>Headers the failed endpoint had set (a Location, a cookie) must not go out with the error.</summary>
    private static void ClearUnlessStarted(HttpContext context)
    {
        if (!context.Response.HasStarted)
            context.Response.Clear();
    }
}
