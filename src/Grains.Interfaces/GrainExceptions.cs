namespace GitIntegration.Grains.Interfaces;

// Exceptions grains throw for outcomes the caller must tell the user about. Orleans carries them across processes
// with their type and message ([GenerateSerializer]); the gateway maps them to statuses.

/// <summary>The request itself is wrong (400). The message names the field.</summary>
[GenerateSerializer, Alias("GitIntegration.InvalidRequestException")]
public class InvalidRequestException(string message) : Exception(message);

/// <summary>OAuth web flow failure: wrong, reused or expired state, or a provider error (400). Nothing was stored.</summary>
[GenerateSerializer, Alias("GitIntegration.OAuthFlowException")]
public class OAuthFlowException(string message) : Exception(message);

/// <summary>The provider does not offer what was asked (no device flow, no SSH-key API...) (400).</summary>
[GenerateSerializer, Alias("GitIntegration.ProviderFeatureException")]
public class ProviderFeatureException(string message) : Exception(message);

/// <summary>A personal token the provider does not accept (400).</summary>
[GenerateSerializer, Alias("GitIntegration.InvalidTokenException")]
public class InvalidTokenException(string message) : Exception(message);

/// <summary>The thing asked for does not exist (404): no link, unknown provider, unknown user.</summary>
[GenerateSerializer, Alias("GitIntegration.NotFoundException")]
public class NotFoundException(string message) : Exception(message);

/// <summary>It conflicts with what exists (409): username taken, configuration provider not editable.</summary>
[GenerateSerializer, Alias("GitIntegration.ConflictException")]
public class ConflictException(string message) : Exception(message);

/// <summary>The provider could not be reached or answered 5xx/429 (503); retry later.</summary>
[GenerateSerializer, Alias("GitIntegration.ProviderUnavailableException")]
public class ProviderUnavailableException(string message) : Exception(message);
