using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Providers;

/// <summary>
/// One provider instance's protocol: OAuth web and device flows, refresh, validation, revocation, SSH keys,
/// installations, repositories and the git username convention. Each type's quirks live in its own adapter.
/// Adapters are stateless apart from their config; HttpClient comes from IHttpClientFactory.
/// <para>
/// What the provider does wrong (refusals, 5xx, timeouts, unreachable, and answers that cannot be used: HTML
/// pages, truncated JSON, errors sent with HTTP 200, oversized bodies) comes back only as
/// <see cref="ProviderTokenException"/> (token endpoints; an unusable answer is Transient with ErrorCode
/// invalid_response), <see cref="ProviderApiException"/> (API calls), <see cref="DuplicateSshKeyException"/>, or
/// inside the result of <see cref="ValidateAsync"/> (Unavailable with the reason) and <see cref="RevokeAsync"/>.
/// <see cref="ProviderFeatureException"/> says a provider lacks a feature. Any other exception is a bug and must
/// not be taken for "provider unavailable".
/// </para>
/// </summary>
public interface IProviderAdapter
{
    ProviderConfig Config { get; }

    bool SupportsRefresh { get; }
    bool SupportsRevocation { get; }
    bool SupportsDeviceFlow { get; }
    bool SupportsSshKeys { get; }
    bool SupportsInstallations { get; }

    Task<AuthorizeStart> BeginAuthorizeAsync(AuthorizeRequest request, CancellationToken cancellationToken);

    /// <summary>Exchanges the callback for tokens; throws <see cref="ProviderTokenException"/>.</summary>
    Task<TokenSet> CompleteAuthorizeAsync(AuthorizeCompletion completion, CancellationToken cancellationToken);

    /// <summary>Spends the refresh token; throws <see cref="ProviderTokenException"/> classified Permanent or Transient.</summary>
    Task<TokenSet> RefreshAsync(TokenSet current, CancellationToken cancellationToken);

    /// <summary>Checks the token and reads the account; provider failures are an Unavailable (or RateLimited) result, never a throw.</summary>
    Task<ValidationResult> ValidateAsync(TokenSet tokens, CancellationToken cancellationToken);

    /// <summary>Revokes at the provider (GitHub: grant deletion; RFC 7009 elsewhere); provider failures are in the result, never a throw.</summary>
    Task<RevocationResult> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken);

    Task<DeviceStart> StartDeviceFlowAsync(CancellationToken cancellationToken);

    Task<DevicePoll> PollDeviceFlowAsync(string deviceCode, CancellationToken cancellationToken);

    Task<IReadOnlyList<ProviderSshKey>> ListSshKeysAsync(TokenSet tokens, ExternalAccount account, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="DuplicateSshKeyException"/> when the key is already registered.</summary>
    Task<ProviderSshKey> AddSshKeyAsync(TokenSet tokens, ExternalAccount account, string title, string publicKey, CancellationToken cancellationToken);

    /// <summary>A key that is already gone counts as deleted.</summary>
    Task DeleteSshKeyAsync(TokenSet tokens, ExternalAccount account, string keyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AppInstallation>> ListInstallationsAsync(TokenSet tokens, CancellationToken cancellationToken);

    Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(TokenSet tokens, ExternalAccount account, string? query, int page, CancellationToken cancellationToken);

    /// <summary>Turns a personal token (and optional username) into a TokenSet this adapter can use; validation is separate.</summary>
    TokenSet FromPersonalToken(PersonalTokenRequest request);

    GitCredential GitCredentialFor(TokenSet tokens, ExternalAccount? account);
}
