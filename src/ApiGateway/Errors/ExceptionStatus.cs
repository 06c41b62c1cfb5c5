using System.Text.Json;
using System.Text.RegularExpressions;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using Orleans.Runtime;
using Orleans.Storage;

namespace GitIntegration.ApiGateway.Errors;

/// <summary>
/// The one place that decides what the caller is told for an exception, whichever layer threw it: a 4xx for their
/// mistakes, 503 for what may pass. Null: the service is broken, and the caller logs the exception and answers 500.
/// Each exception type is one line; the grain runtime's own types have their own section.
/// </summary>
public static partial class ExceptionStatus
{
    public static (int Status, ApiError Error)? Map(Exception exception) => exception switch
    {
        // The caller's input: the request itself, or what a grain or a provider adapter found wrong with it.
        BadHttpRequestException e => (e.StatusCode, BadRequestError(e)),
        InvalidFieldException e => (400, ApiError.ForField("Validation failed.", e.Field, e.Detail)),
        ProviderConfigurationException e => (400, ApiError.ForField("Invalid provider configuration.", e.Key, e.Problem)),
        InvalidRequestException e => (400, InvalidRequest(e.Message)),
        OAuthFlowException e => (400, new ApiError("The OAuth flow failed.", e.Message)),
        ProviderFeatureException e => (400, new ApiError("The provider does not support this.", e.Message)),
        InvalidTokenException e => (400, new ApiError("The provider did not accept the token.", e.Message)),
        NotFoundException e => (404, new ApiError("Not found.", e.Message)),
        ConflictException e => (409, new ApiError("Conflict.", e.Message)),

        // The provider: a refusal is about the request (400), trouble at its end may pass (503).
        ProviderUnavailableException e => (503, new ApiError("The provider is unavailable; try again later.", e.Message)),
        ProviderTokenException { Kind: ProviderErrorKind.Permanent } e => (400, new ApiError("The provider refused the request.", e.Message)),
        ProviderTokenException e => (503, new ApiError("The provider is unavailable; try again later.", e.Message)),
        ProviderApiException { Transient: true } e => (503, new ApiError("The provider is unavailable; try again later.", e.Message)),
        ProviderApiException e => (400, new ApiError("The provider refused the request.", e.Message)),

        // The grain runtime's types, one line each. They come before TimeoutException, the general case.
        // A silo failed while running the call (the cluster moves its grains elsewhere): the caller may retry.
        SiloUnavailableException or OrleansMessageRejectionException =>
            (503, new ApiError("The service is moving work between servers; try again.", "An internal call was interrupted.")),
        InconsistentStateException => (503, new ApiError("The service is busy; try again later.", "The record changed while it was being written.")),

        TimeoutException => (503, new ApiError("The service is busy; try again later.", "An operation timed out.")),
        _ => null,
    };

    private static ApiError BadRequestError(BadHttpRequestException e) => e.StatusCode switch
    {
        413 => new ApiError(ErrorResponses.DefaultMessage(413)),
        415 => new ApiError(ErrorResponses.DefaultMessage(415)),
        // Minimal APIs name the parameter and the problem; a JSON error names the position, never the content.
        _ when e.InnerException is JsonException json => new ApiError("Request body is not valid JSON.", JsonProblem(json)),
        _ => new ApiError("Invalid request.", e.Message),
    };

    /// <summary>Grains name the field first ("username: ..."); that becomes a validation entry as well.</summary>
    private static ApiError InvalidRequest(string message) =>
        FieldPrefix().Match(message) is { Success: true } match
            ? ApiError.ForField("Validation failed.", match.Groups[1].Value, match.Groups[2].Value.TrimEnd('.'))
            : new ApiError("Invalid request.", message);

    [GeneratedRegex(@"^([A-Za-z0-9_.\[\]-]+(?::[A-Za-z0-9_.\[\]-]+)*): (.+)$", RegexOptions.Singleline)]
    private static partial Regex FieldPrefix();

    /// <summary>Where the JSON went wrong, without .NET type names.</summary>
    private static string JsonProblem(JsonException json) =>
        json.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"The value at {json.Path ?? "$"} has the wrong type (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})."
            : json.Message;
}
