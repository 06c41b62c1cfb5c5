namespace GitIntegration.Grains.Providers.Http;

/// <summary>The provider could not be reached (network failure or timeout), after retrying where that is safe. Always transient.</summary>
public class ProviderUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
