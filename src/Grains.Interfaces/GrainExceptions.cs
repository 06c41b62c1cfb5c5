namespace GitIntegration.Grains.Interfaces;

// Exceptions grains throw for outcomes the caller must tell the user about. Each has a message-only constructor
// so it can be rebuilt with its type when it crosses a process boundary. The gateway maps them to statuses.

/// <summary>The request itself is wrong (400). The message names the field.</summary>
public class InvalidRequestException(string message) : Exception(message);

/// <summary>OAuth web flow failure: wrong, reused or expired state, or a provider error (400). Nothing was stored.</summary>
public class OAuthFlowException(string message) : Exception(message);

/// <summary>The provider does not offer what was asked (no device flow, no SSH-key API...) (400).</summary>
public class ProviderFeatureException(string message) : Exception(message);

/// <summary>A personal token the provider does not accept (400).</summary>
public class InvalidTokenException(string message) : Exception(message);

/// <summary>The thing asked for does not exist (404): no link, unknown provider, unknown user.</summary>
public class NotFoundException(string message) : Exception(message);

/// <summary>It conflicts with what exists (409): username taken, configuration provider not editable.</summary>
public class ConflictException(string message) : Exception(message);

/// <summary>The provider could not be reached or answered 5xx/429 (503); retry later.</summary>
public class ProviderUnavailableException(string message) : Exception(message);
