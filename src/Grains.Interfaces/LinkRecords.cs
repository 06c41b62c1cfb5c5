namespace GitIntegration.Grains.Interfaces;

/// <summary>The account on the provider that a link belongs to.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.ExternalAccount")]
public sealed record ExternalAccount(
    string Id,
    string Login,
    string? Name = null,
    string? Email = null,
    string? AvatarUrl = null,
    string? ProfileUrl = null);

/// <summary>How a link was made.</summary>
[GenerateSerializer, Alias("GitIntegration.LinkMethod")]
public enum LinkMethod { None, WebFlow, DeviceFlow, PersonalToken, SignIn }

/// <summary>
/// The state of one user-provider link as the API reports it (Coder's ExternalAuthLink plus what the UI shows).
/// ExpiresAt null means the token does not expire.
/// </summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.LinkStatus")]
public sealed record LinkStatus(
    string ProviderId,
    bool Linked,
    LinkMethod Method,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    bool HasRefreshToken,
    DateTimeOffset? ExpiresAt,
    bool Authenticated,
    string? ValidateError,
    bool NeedsReauthentication,
    string? ReauthenticationReason,
    ExternalAccount? Account);

/// <summary>A GitHub App installation the linked account can see.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.AppInstallation")]
public sealed record AppInstallation(long Id, ExternalAccount Account, string? ConfigureUrl);

/// <summary>GET /api/v2/external-auth/{id}: status plus account and installations, validated at the provider.
/// AppInstallable: the installations call succeeded for this token (as Coder reports app_installable).</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.LinkDetails")]
public sealed record LinkDetails(
    LinkStatus Status,
    bool AppInstallable,
    string? AppInstallUrl,
    AppInstallation[] Installations);

/// <summary>Starts the OAuth web flow. CallbackUrl is this service's /external-auth/{id}/callback;
/// ReturnTo is the local path to send the browser to afterwards.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.BeginWebFlowRequest")]
public sealed record BeginWebFlowRequest(string CallbackUrl, string? ReturnTo);

/// <summary>Where to send the browser (307) to authorize.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.WebFlowStart")]
public sealed record WebFlowStart(string AuthorizeUrl);

/// <summary>
/// What the provider sent back to the callback. OAuth 2 uses Code; OAuth 1.0a (Bitbucket Server 7.19 and
/// older) sends oauth_token and oauth_verifier, carried in Parameters. Error is set when the provider refused.
/// </summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.WebFlowCallback")]
public sealed record WebFlowCallback(
    string State,
    string? Code,
    string? Error,
    string? ErrorDescription,
    Dictionary<string, string>? Parameters = null);

[GenerateSerializer, Immutable, Alias("GitIntegration.WebFlowResult")]
public sealed record WebFlowResult(LinkStatus Status, string? ReturnTo);

/// <summary>RFC 8628 device authorization, as Coder's ExternalAuthDevice.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.DeviceStart")]
public sealed record DeviceStart(string DeviceCode, string UserCode, string VerificationUri, int ExpiresIn, int Interval);

/// <summary>Linked is true on success; otherwise Error is authorization_pending, slow_down, expired_token or
/// access_denied (or another provider code), with the interval to wait before the next poll.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.DevicePollResult")]
public sealed record DevicePollResult(bool Linked, string? Error, string? ErrorDescription, int Interval);

/// <summary>PUT /api/v2/external-auth/{id}/token: a personal access token or app password.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.PersonalTokenRequest")]
public sealed record PersonalTokenRequest(string Token, string? Username);

/// <summary>Tokens obtained elsewhere (sign-in with the provider) handed to the link grain to keep.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.ImportedTokens")]
public sealed record ImportedTokens(
    string AccessToken,
    string? RefreshToken,
    DateTimeOffset? ExpiresAt,
    string? Scopes,
    ExternalAccount Account,
    LinkMethod Method);

[GenerateSerializer, Alias("GitIntegration.TokenOutcome")]
public enum TokenOutcome
{
    /// <summary>A valid token is returned.</summary>
    Valid,
    /// <summary>The user has never linked this provider (or unlinked it).</summary>
    NotLinked,
    /// <summary>The link exists but the provider refused it for good; the user must link again.</summary>
    ReauthenticationRequired,
    /// <summary>The provider could not be reached and the old token has expired; try again later.</summary>
    TemporarilyUnavailable,
}

/// <summary>A token for git and other programs, with the provider's git username convention.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.TokenResult")]
public sealed record TokenResult(
    TokenOutcome Outcome,
    string? AccessToken,
    DateTimeOffset? ExpiresAt,
    string? GitUsername,
    string? GitPassword,
    Dictionary<string, string>? Extra,
    string? Error,
    TimeSpan? RetryAfter)
{
    public static TokenResult NotLinked() => new(TokenOutcome.NotLinked, null, null, null, null, null, "not linked", null);
}

/// <summary>DELETE /api/v2/external-auth/{id}: the link is gone whatever the provider answered.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.UnlinkResult")]
public sealed record UnlinkResult(bool TokenRevoked, string? TokenRevocationError, bool SshKeyRemoved, string? SshKeyError);

/// <summary>One repository of the linked account.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.RepositoryInfo")]
public sealed record RepositoryInfo(string FullName, string HtmlUrl, string CloneUrl, string SshUrl, bool Private, string? DefaultBranch);

/// <summary>Whether the user's SSH public key is on the provider account. Manual: the provider has no SSH-key
/// API (Azure DevOps); PublicKey is then the key for the user to paste.</summary>
[GenerateSerializer, Immutable, Alias("GitIntegration.SshKeyStatus")]
public sealed record SshKeyStatus(
    bool Synced,
    string? KeyId,
    string? Fingerprint,
    DateTimeOffset? SyncedAt,
    string? Error,
    bool Manual,
    string? PublicKey);
