using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers;

public enum TokenKind
{
    /// <summary>An OAuth 2 bearer token (web flow, device flow, sign-in).</summary>
    OAuth2,
    /// <summary>A personal access token; sent as the provider expects (Bearer, or Basic with Username).</summary>
    PersonalToken,
    /// <summary>An OAuth 1.0a access token with its secret (Bitbucket Server 7.19 and older).</summary>
    OAuth1,
}

/// <summary>The credentials of a link, in plaintext; only ever held in memory. The grain stores them encrypted.</summary>
public sealed record TokenSet
{
    public required string AccessToken { get; init; }
    public TokenKind Kind { get; init; } = TokenKind.OAuth2;
    public string? RefreshToken { get; init; }

    /// <summary>Null when the token does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }
    public string? Scopes { get; init; }

    /// <summary>OAuth 1.0a token secret.</summary>
    public string? TokenSecret { get; init; }

    /// <summary>For personal tokens that need HTTP Basic (Bitbucket Cloud app passwords/API tokens).</summary>
    public string? Username { get; init; }

    /// <summary>Extra fields of the token response worth keeping (Coder's token_extra).</summary>
    public IReadOnlyDictionary<string, string>? Extra { get; init; }

    public override string ToString() => $"TokenSet({Kind}, expires {ExpiresAt?.ToString("u") ?? "never"}, refresh {(RefreshToken is null ? "no" : "yes")})";
}

public sealed record AuthorizeRequest(string State, string CallbackUrl, string? CodeChallenge);

/// <summary>Where to send the browser. PendingSecret is kept (encrypted) until the callback: the OAuth 1.0a request token secret.</summary>
public sealed record AuthorizeStart(string Url, string? PendingSecret);

public sealed record AuthorizeCompletion(WebFlowCallback Callback, string CallbackUrl, string? CodeVerifier, string? PendingSecret);

public enum ValidationOutcome
{
    Valid,
    /// <summary>The provider says the token is bad (401, or 403 without rate-limit headers).</summary>
    Invalid,
    /// <summary>403 with rate-limit headers, or 429: treated as still valid.</summary>
    RateLimited,
    /// <summary>5xx, timeout, network: unknown; the token is kept.</summary>
    Unavailable,
}

public sealed record ValidationResult(ValidationOutcome Outcome, ExternalAccount? Account, string? Error, TimeSpan? RetryAfter = null)
{
    public bool TreatAsValid => Outcome is ValidationOutcome.Valid or ValidationOutcome.RateLimited;
}

public sealed record RevocationResult(bool Revoked, string? Error);

/// <summary>A device-flow poll: Tokens on success, else Error (authorization_pending, slow_down, expired_token,
/// access_denied, ...) and the interval the provider asks for.</summary>
public sealed record DevicePoll(TokenSet? Tokens, string? Error, string? ErrorDescription, int Interval);

public sealed record ProviderSshKey(string Id, string PublicKey, string? Title);

/// <summary>Username and password for git over HTTPS, in the provider's convention.</summary>
public sealed record GitCredential(string Username, string Password);

public enum ProviderErrorKind
{
    /// <summary>Refusal for good (bad_refresh_token, invalid_grant, unauthorized_client, invalid_client...): re-authenticate.</summary>
    Permanent,
    /// <summary>5xx, timeout, 429, network: retry with backoff.</summary>
    Transient,
}

/// <summary>A token endpoint refused or failed. ErrorCode is the OAuth error code when there is one.
/// The message never contains a token.</summary>
public class ProviderTokenException(string message, ProviderErrorKind kind, string? errorCode = null, int? httpStatus = null,
    TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ProviderErrorKind Kind { get; } = kind;
    public string? ErrorCode { get; } = errorCode;
    public int? HttpStatus { get; } = httpStatus;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>An API call (SSH keys, repositories, installations, revocation) failed; Transient says whether to retry.</summary>
public class ProviderApiException(string message, int? httpStatus, bool transient) : Exception(message)
{
    public int? HttpStatus { get; } = httpStatus;
    public bool Transient { get; } = transient;
}

/// <summary>The provider refused an SSH key because it is already registered (on this or another account).</summary>
public class DuplicateSshKeyException(string message) : Exception(message);
