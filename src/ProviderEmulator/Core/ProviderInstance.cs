using System.Reflection;
using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.Diagnostics;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.OAuth1;
using GitIntegration.ProviderEmulator.Core.Repositories;
using GitIntegration.ProviderEmulator.Core.SshKeys;

namespace GitIntegration.ProviderEmulator.Core;

/// <summary>
/// One emulated provider (for example "gitlab" or a second GitHub "ghe"), with its own independent state.
/// Every store shares the instance's lock, so a refresh or a grant deletion is one atomic step.
/// </summary>
public sealed class ProviderInstance
{
    public ProviderInstance(string name, ProviderType type, TimeProvider clock, EmulatorCounters counters)
    {
        Name = name;
        Type = type;
        Profile = ProviderProfile.For(type);
        Clock = clock;
        Counters = counters;
        Accounts = new AccountStore(Gate, clock);
        Apps = new AppRegistry(Gate);
        Tokens = new TokenStore(Gate);
        Codes = new AuthorizationCodeStore(Gate);
        Devices = new DeviceAuthorizationStore(Gate);
        SshKeys = new SshKeyStore(Gate);
        Repositories = new RepositoryStore(Gate);
        OAuth1 = new OAuth1Store(Gate);
        RateLimits = new RateLimiter(Gate);
    }

    public string Name { get; }
    public ProviderType Type { get; }
    public ProviderProfile Profile { get; }
    public TimeProvider Clock { get; }
    public EmulatorCounters Counters { get; }
    public Lock Gate { get; } = new();
    public InstanceSettings Settings { get; } = new();
    public AccountStore Accounts { get; }
    public AppRegistry Apps { get; }
    public TokenStore Tokens { get; }
    public AuthorizationCodeStore Codes { get; }
    public DeviceAuthorizationStore Devices { get; }
    public SshKeyStore SshKeys { get; }
    public RepositoryStore Repositories { get; }
    public OAuth1Store OAuth1 { get; }
    public RateLimiter RateLimits { get; }

    /// <summary>Entra tenant id of this instance (settable through the control API).</summary>
    public string TenantId => Settings.TenantId ?? _defaultTenant;

    private readonly string _defaultTenant = Guid.NewGuid().ToString("D");

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>Absolute base URL of the instance as seen by the caller, e.g. http://127.0.0.1:9000/gitlab.</summary>
    public string BaseUrl(HttpContext context) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/{Name}";

    public string AvatarUrl(HttpContext context, Account account) =>
        account.AvatarUrl ?? $"{BaseUrl(context)}/avatars/{Uri.EscapeDataString(account.Login)}";

    /// <summary>Minimal API binding: handlers take a ProviderInstance parameter resolved from the {instance} route value.</summary>
    public static ValueTask<ProviderInstance?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var name = context.GetRouteValue("instance") as string;
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        return ValueTask.FromResult(name is null ? null : state.Find(name));
    }
}
