namespace GitIntegration.ApiGateway.Hosting;

/// <summary>The service cannot start. The message is the one line printed: the key at fault and what is wrong.</summary>
public sealed class StartupException(string message) : Exception(message);
