namespace GitIntegration.Grains.Secrets;

/// <summary>
/// The configured encryption keys are unusable. The message names the configuration key and the
/// problem, never the key material, so it can be printed as the one start-up error line.
/// </summary>
public sealed class SecretKeyConfigurationException(string message) : Exception(message);
