namespace GitIntegration.ProviderEmulator.Core.OAuth;

public sealed class AuthorizationCode
{
    public required string Value { get; init; }
    public required string ClientId { get; init; }
    public required long AccountId { get; init; }
    /// <summary>The redirect_uri the authorize request carried, or null when it relied on the registered one.</summary>
    public string? RequestedRedirectUri { get; init; }
    public required string EffectiveRedirectUri { get; init; }
    public string Scope { get; init; } = "";
    public string? CodeChallenge { get; init; }
    public string? CodeChallengeMethod { get; init; }
    public string? Nonce { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public bool Redeemed { get; set; }
}

/// <summary>Authorization codes: single use and short-lived.</summary>
public sealed class AuthorizationCodeStore(Lock gate)
{
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);

    public void Add(AuthorizationCode code)
    {
        lock (gate)
        {
            _codes.Add(code.Value, code);
        }
    }

    public AuthorizationCode? Find(string value)
    {
        lock (gate)
        {
            return _codes.GetValueOrDefault(value);
        }
    }
}
