using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Contracts;

/// <summary>
/// Reads a JSON body whatever its Content-Type says, as Coder's httpapi.Read does: some of Coder's clients post JSON
/// without one, and [FromBody] would answer them 415. A body that is not JSON is a 400, as for any other body.
/// </summary>
public static class LenientJsonBody
{
    public static async ValueTask<T?> ReadAsync<T>(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }
    }
}
