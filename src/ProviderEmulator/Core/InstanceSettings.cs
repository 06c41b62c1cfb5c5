using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ProviderEmulator.Core;

/// <summary>Per-instance overrides of the provider type's defaults. Changed only under the instance lock.</summary>
public sealed class InstanceSettings
{
    public int? AccessTokenLifetimeSeconds { get; private set; }
    public int? RefreshTokenLifetimeSeconds { get; private set; }
    public int? AuthCodeLifetimeSeconds { get; private set; }
    public int? DeviceCodeLifetimeSeconds { get; private set; }
    public int? DeviceIntervalSeconds { get; private set; }
    public int? RefreshGraceSeconds { get; private set; }
    public bool InvalidateRefreshTokens { get; private set; }
    public string? AutoApprove { get; private set; }
    /// <summary>Requests per window; null means the provider default, 0 means no limit.</summary>
    public int? RateLimit { get; private set; }
    public int? RateLimitWindowSeconds { get; private set; }
    public string? Version { get; private set; }
    public string? TenantId { get; private set; }

    public void Apply(InstanceSettingsDto update)
    {
        AccessTokenLifetimeSeconds = Pick(update.AccessTokenLifetimeSeconds, AccessTokenLifetimeSeconds);
        RefreshTokenLifetimeSeconds = Pick(update.RefreshTokenLifetimeSeconds, RefreshTokenLifetimeSeconds);
        AuthCodeLifetimeSeconds = Pick(update.AuthCodeLifetimeSeconds, AuthCodeLifetimeSeconds);
        DeviceCodeLifetimeSeconds = Pick(update.DeviceCodeLifetimeSeconds, DeviceCodeLifetimeSeconds);
        DeviceIntervalSeconds = update.DeviceIntervalSeconds switch
        {
            null => DeviceIntervalSeconds,
            < 0 => null,
            var v => v,
        };
        RefreshGraceSeconds = Pick(update.RefreshGraceSeconds, RefreshGraceSeconds);
        InvalidateRefreshTokens = update.InvalidateRefreshTokens ?? InvalidateRefreshTokens;
        AutoApprove = Pick(update.AutoApprove, AutoApprove);
        RateLimit = update.RateLimit switch
        {
            null => RateLimit,
            < 0 => null,
            var v => v,
        };
        RateLimitWindowSeconds = Pick(update.RateLimitWindowSeconds, RateLimitWindowSeconds);
        Version = Pick(update.Version, Version);
        TenantId = Pick(update.TenantId, TenantId);
    }

    public InstanceSettingsDto ToDto() => new(
        AccessTokenLifetimeSeconds, RefreshTokenLifetimeSeconds, AuthCodeLifetimeSeconds, DeviceCodeLifetimeSeconds,
        DeviceIntervalSeconds, RefreshGraceSeconds, InvalidateRefreshTokens, AutoApprove, RateLimit,
        RateLimitWindowSeconds, Version, TenantId);

    private static int? Pick(int? update, int? current) => update switch
    {
        null => current,
        <= 0 => null,
        var v => v,
    };

    private static string? Pick(string? update, string? current) => update switch
    {
        null => current,
        "" => null,
        var v => v,
    };
}
