using System.Security.Cryptography;
using GitIntegration.ProviderEmulator;
using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ApiGateway.Demo;

/// <summary>A provider played by the provider emulator: an instance there, an OAuth app, and this service's config for it.</summary>
public sealed record EmulatedProvider(string Id, string Type, string Instance, string DisplayName, string ClientId, string ClientSecret, bool AllowSignIn, bool DeviceFlow = true)
{
    /// <summary>The authorize URL; every other URL (token, API, device, revoke) and the regex follow from it.</summary>
    public string AuthUrl(EmulatorHost emulator) => Type switch
    {
        "github" => $"{emulator.InstanceUrl(Instance)}/login/oauth/authorize",
        "gitlab" => $"{emulator.InstanceUrl(Instance)}/oauth/authorize",
        _ => throw new NotSupportedException($"No emulated provider of type {Type}."),
    };

    public static EmulatedProvider Create(string id, string type, string instance, string displayName, bool allowSignIn = true, bool deviceFlow = true) =>
        new(id, type, instance, displayName, $"{id}-client", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), allowSignIn, deviceFlow);
}

/// <summary>Sets emulated providers up on both sides: instances and accounts in the emulator, GitIntegration:Providers:N for the service.</summary>
public static class EmulatedProviders
{
    /// <summary>Configuration entries declaring the providers, numbered from <paramref name="firstIndex"/>.</summary>
    public static Dictionary<string, string?> Configuration(EmulatorHost emulator, IReadOnlyList<EmulatedProvider> providers, int firstIndex = 0)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < providers.Count; i++)
        {
            var provider = providers[i];
            var prefix = $"GitIntegration:Providers:{firstIndex + i}:";
            settings[prefix + "Id"] = provider.Id;
            settings[prefix + "Type"] = provider.Type;
            settings[prefix + "DisplayName"] = provider.DisplayName;
            settings[prefix + "ClientId"] = provider.ClientId;
            settings[prefix + "ClientSecret"] = provider.ClientSecret;
            settings[prefix + "AuthUrl"] = provider.AuthUrl(emulator);
            settings[prefix + "DeviceFlow"] = provider.DeviceFlow ? "true" : "false";
            settings[prefix + "AllowSignIn"] = provider.AllowSignIn ? "true" : "false";
        }
        return settings;
    }

    /// <summary>Creates each provider's emulator instance unless it exists (the emulator starts with one per type), with the given accounts.</summary>
    public static async Task CreateInstancesAsync(EmulatorHost emulator, IReadOnlyList<EmulatedProvider> providers, params string[] logins)
    {
        var existing = (await emulator.Client.GetInstancesAsync()).Select(i => i.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers.DistinctBy(p => p.Instance))
        {
            if (!existing.Contains(provider.Instance))
                await emulator.Client.CreateInstanceAsync(provider.Instance, provider.Type);
            foreach (var login in logins)
                await emulator.Client.CreateAccountAsync(provider.Instance, login, $"{login} (demo)", $"{login}@example.test");
        }
    }

    /// <summary>Registers each provider's OAuth app, with this service's callback as its redirect URI.</summary>
    public static async Task RegisterAppsAsync(EmulatorHost emulator, IReadOnlyList<EmulatedProvider> providers, string publicUrl)
    {
        foreach (var provider in providers)
        {
            var callback = $"{publicUrl.TrimEnd('/')}/external-auth/{provider.Id}/callback";
            await emulator.Client.RegisterAppAsync(provider.Instance, new RegisterAppRequest(
                provider.ClientId, provider.ClientSecret, [callback], DeviceFlow: provider.DeviceFlow, ExpiringTokens: true, Name: provider.DisplayName));
        }
    }
}
