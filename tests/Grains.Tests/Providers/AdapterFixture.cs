using System.Security.Cryptography;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Configuration;
using GitIntegration.Grains.Providers.Http;
using GitIntegration.ProviderEmulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Tests.Providers;

/// <summary>
/// One emulator per test class and the provider services as the grains get them (AddProviders), with short retry
/// delays and timeouts so transient-failure tests stay quick, a small answer size limit, and the log lines kept
/// (<see cref="Logs"/>). Each test makes its own emulator instance.
/// </summary>
public sealed class AdapterFixture : IAsyncLifetime
{
    public const string PublicUrl = "http://127.0.0.1:9";
    public const int MaxResponseBytes = 256 * 1024;
    public const int MaxRetries = 3;

    /// <summary>Every log line of the provider services.</summary>
    public RecordedLogs Logs { get; } = new();

    private ServiceProvider? _services;

    public EmulatorHost Emulator { get; private set; } = null!;
    public EmulatorClient Control => Emulator.Client;
    public ProviderAdapterFactory Factory => _services!.GetRequiredService<ProviderAdapterFactory>();
    public ProviderHttp Http => _services!.GetRequiredService<ProviderHttp>();

    /// <summary>The RSA key OAuth 1 consumers are registered with (the catalog's pair, in production).</summary>
    public RSA OAuth1Key { get; } = RSA.Create(2048);

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorHost.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitIntegration:PublicUrl"] = PublicUrl,
            ["GitIntegration:ProviderHttp:BaseDelay"] = "00:00:00.050",
            ["GitIntegration:ProviderHttp:MaxDelay"] = "00:00:00.200",
            ["GitIntegration:ProviderHttp:AttemptTimeout"] = "00:00:02",
            ["GitIntegration:ProviderHttp:MaxRetryAfter"] = "00:00:02",
            ["GitIntegration:ProviderHttp:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs));
        services.AddHttpClient();
        services.AddProviders(configuration);
        _services = services.BuildServiceProvider();
    }

    public IProviderAdapter CreateAdapter(ProviderDefinition definition, string? clientAuthMethod = null)
    {
        var config = ProviderConfigResolver.Resolve(definition, ProviderSource.Configuration, ProviderSettingKeys.ForSection("test"), clientAuthMethod);
        var pem = OAuth1Key.ExportPkcs8PrivateKeyPem();
        return Factory.Create(config, _ => Task.FromResult(pem));
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        await Emulator.DisposeAsync();
        OAuth1Key.Dispose();
    }
}
