namespace GitIntegration.ProviderEmulator.Core.OAuth;

/// <summary>Provider-neutral reasons a token request fails; each provider maps them to its own error shape.</summary>
public enum OAuthErrorKind
{
    InvalidRequest,
    UnknownClient,
    InvalidClient,
    UnauthorizedClient,
    UnsupportedGrantType,
    CodeInvalid,
    CodeExpired,
    CodeRedeemed,
    RedirectUriMismatch,
    PkceMismatch,
    RefreshTokenInvalid,
    RefreshTokenExpired,
    RefreshTokenRevoked,
    RefreshTokenReused,
    AuthorizationPending,
    SlowDown,
    ExpiredToken,
    AccessDenied,
    DeviceCodeInvalid,
    DeviceFlowDisabled,
}

/// <param name="Detail">Extra text for providers that show it (never contains a secret).</param>
/// <param name="Interval">The new polling interval, for slow_down.</param>
public sealed record OAuthError(OAuthErrorKind Kind, string? Detail = null, int? Interval = null)
{
    public bool IsRefreshFailure => Kind is OAuthErrorKind.RefreshTokenInvalid or OAuthErrorKind.RefreshTokenExpired
        or OAuthErrorKind.RefreshTokenRevoked or OAuthErrorKind.RefreshTokenReused;

    /// <summary>The RFC 6749 / RFC 8628 error code for providers that follow the RFCs.</summary>
    public string RfcCode => Kind switch
    {
        OAuthErrorKind.InvalidRequest => "invalid_request",
        OAuthErrorKind.UnknownClient or OAuthErrorKind.InvalidClient => "invalid_client",
        OAuthErrorKind.UnauthorizedClient => "unauthorized_client",
        OAuthErrorKind.UnsupportedGrantType => "unsupported_grant_type",
        OAuthErrorKind.AuthorizationPending => "authorization_pending",
        OAuthErrorKind.SlowDown => "slow_down",
        OAuthErrorKind.ExpiredToken => "expired_token",
        OAuthErrorKind.AccessDenied => "access_denied",
        OAuthErrorKind.DeviceFlowDisabled => "unauthorized_client",
        _ => "invalid_grant",
    };
}
