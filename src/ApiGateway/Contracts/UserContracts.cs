namespace GitIntegration.ApiGateway.Contracts;

public sealed record CreateUserRequest(string? Username, string? Role);

public sealed record User(string Id, string Username, string Role, DateTime CreatedAt, IReadOnlyList<string> LinkedProviders);

public sealed record UpdateRolesRequest(IReadOnlyList<string>? Roles);

/// <summary>Optional body of POST /api/v2/users/{user}/keys.</summary>
public sealed record CreateKeyRequest(string? TokenName, long? LifetimeSeconds);

/// <summary>Coder's GenerateAPIKeyResponse: the token, shown once.</summary>
public sealed record GenerateApiKeyResponse(string Key);

public sealed record ApiKey(string Id, string TokenName, DateTime CreatedAt, DateTime? ExpiresAt);

public sealed record SignInLink(string Url, DateTime? ExpiresAt);
