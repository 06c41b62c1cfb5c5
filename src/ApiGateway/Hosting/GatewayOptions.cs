namespace GitIntegration.ApiGateway.Hosting;

/// <summary>The gateway's settings under <c>GitIntegration:</c>, checked by <see cref="StartupConfiguration"/> before anything starts.</summary>
public sealed class GatewayOptions
{
    public const string Section = "GitIntegration";

    /// <summary>The externally visible base URL (no trailing slash); when unset, the first address Kestrel bound.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The bootstrap admin credential (read from or written to data/admin-token when unset).</summary>
    public string? AdminToken { get; set; }

    /// <summary>Where generated files live in all-in-one mode: admin-token, encryption.key.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Lifetime of the session a browser gets at sign-in.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Lifetime of a single-use sign-in link (demo, admin-issued).</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    public RequestLimitOptions Limits { get; set; } = new();
}

/// <summary><c>GitIntegration:Limits:*</c>: what one request and one caller may use.</summary>
public sealed class RequestLimitOptions
{
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Token bucket per caller (user, admin token, or client address when anonymous).</summary>
    public int RequestsPerSecondPerCaller { get; set; } = 50;
    public int BurstPerCaller { get; set; } = 200;

    /// <summary>Any request except a git credentials long poll.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound for <c>timeout</c> of GET /api/v2/git/credentials?listen=true.</summary>
    public int MaxListenSeconds { get; set; } = 300;
}
