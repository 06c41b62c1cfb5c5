using System.Text.Json.Serialization;
using GitIntegration.ApiGateway.Errors;

namespace GitIntegration.ApiGateway.Contracts;

/// <summary>
/// Source-generated serialization for the hottest answers (git credentials on every fetch and push, errors);
/// every other type goes through the reflection resolver behind it. Same snake_case names as the rest of the API.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GitCredentials))]
[JsonSerializable(typeof(GitCredentialsLinkRequired))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
