using Microsoft.AspNetCore.Http.HttpResults;

namespace GitIntegration.ApiGateway.Errors;

/// <summary>Typed results carrying the error body, for the statuses endpoints answer themselves.</summary>
public static class ApiResults
{
    public static BadRequest<ApiError> BadRequest(string message, string? detail = null) => TypedResults.BadRequest(new ApiError(message, detail));

    public static BadRequest<ApiError> InvalidField(string field, string detail) =>
        TypedResults.BadRequest(ApiError.ForField("Validation failed.", field, detail));

    public static NotFound<ApiError> NotFound(string message, string? detail = null) => TypedResults.NotFound(new ApiError(message, detail));

    public static Conflict<ApiError> Conflict(string message, string? detail = null) => TypedResults.Conflict(new ApiError(message, detail));

    public static JsonHttpResult<ApiError> Status(int status, string message, string? detail = null) =>
        TypedResults.Json(new ApiError(message, detail), statusCode: status);
}
