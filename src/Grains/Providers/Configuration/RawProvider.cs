using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// One provider as a configuration source spells it: the definition, the keys to name in errors, and the
/// settings ProviderDefinition does not carry yet (the admin API cannot set them; such providers get their type's
/// default).
/// </summary>
/// <param name="ClientAuthMethod">client_secret_basic or client_secret_post, as written; null for the type's default.</param>
/// <param name="Coder">Set when the provider was read from Coder's environment form (see <see cref="CoderForm"/>).</param>
public sealed record RawProvider(ProviderDefinition Definition, ProviderSettingKeys Keys, string? ClientAuthMethod, CoderForm? Coder = null);
