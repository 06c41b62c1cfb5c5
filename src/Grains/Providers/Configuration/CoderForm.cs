namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// Marks a provider read from Coder's environment form, with the settings of that form that
/// <see cref="GitIntegration.Grains.Interfaces.ProviderDefinition"/> has no field for.
/// </summary>
/// <param name="ExtraTokenKeys">EXTRA_TOKEN_KEYS (space-separated); null when unset, so the type's default applies.</param>
public sealed record CoderForm(IReadOnlyList<string>? ExtraTokenKeys);
