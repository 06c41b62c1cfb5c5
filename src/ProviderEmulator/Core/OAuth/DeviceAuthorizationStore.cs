namespace GitIntegration.ProviderEmulator.Core.OAuth;

public enum DeviceStatus
{
    Pending,
    Approved,
    Denied,
    Consumed,
}

public sealed class DeviceAuthorization
{
    public required string DeviceCode { get; init; }
    public required string UserCode { get; init; }
    public required string ClientId { get; init; }
    public string Scope { get; init; } = "";
    public required DateTimeOffset ExpiresAt { get; init; }
    public int IntervalSeconds { get; set; }
    public DateTimeOffset? LastPolledAt { get; set; }
    public DeviceStatus Status { get; set; }
    public long? AccountId { get; set; }
}

/// <summary>RFC 8628 device authorizations of one instance.</summary>
public sealed class DeviceAuthorizationStore(Lock gate)
{
    private readonly Dictionary<string, DeviceAuthorization> _byDeviceCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceAuthorization> _byUserCode = new(StringComparer.Ordinal);

    public void Add(DeviceAuthorization authorization)
    {
        lock (gate)
        {
            _byDeviceCode.Add(authorization.DeviceCode, authorization);
            _byUserCode[Normalize(authorization.UserCode)] = authorization;
        }
    }

    public DeviceAuthorization? FindByDeviceCode(string deviceCode)
    {
        lock (gate)
        {
            return _byDeviceCode.GetValueOrDefault(deviceCode);
        }
    }

    /// <summary>User codes are matched ignoring case, spaces and hyphens, as people type them.</summary>
    public DeviceAuthorization? FindByUserCode(string userCode)
    {
        lock (gate)
        {
            return _byUserCode.GetValueOrDefault(Normalize(userCode));
        }
    }

    /// <summary>Records the user's decision. Returns null on success, else why it could not be recorded.</summary>
    public string? Decide(string userCode, long? accountId, bool approve, DateTimeOffset now)
    {
        lock (gate)
        {
            var authorization = FindByUserCode(userCode);
            if (authorization is null)
            {
                return "unknown user code";
            }

            if (now >= authorization.ExpiresAt)
            {
                return "the code has expired";
            }

            if (authorization.Status != DeviceStatus.Pending)
            {
                return "the code was already used";
            }

            authorization.Status = approve ? DeviceStatus.Approved : DeviceStatus.Denied;
            authorization.AccountId = accountId;
            return null;
        }
    }

    private static string Normalize(string code) =>
        new string(code.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
}
