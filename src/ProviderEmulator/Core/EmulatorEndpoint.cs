namespace GitIntegration.ProviderEmulator.Core;

/// <summary>Endpoint metadata: the short name faults and counters use ("token", "user", "keys_add", ...).</summary>
public sealed record EmulatorEndpointName(string Name);

public static class EmulatorEndpointExtensions
{
    public static TBuilder Named<TBuilder>(this TBuilder builder, string name) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EmulatorEndpointName(name));
}
