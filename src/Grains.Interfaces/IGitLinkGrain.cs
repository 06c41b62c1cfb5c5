namespace GitIntegration.Grains.Interfaces;

/// <summary>
/// One user's link to one provider, key <c>{userId}/{providerId}</c> (see <see cref="GrainKeys"/>). It owns the
/// token state: refreshes ahead of expiry on its own (one refresh at a time, the rotated pair persisted before
/// it is handed out), revokes on unlink, validates, and syncs the user's SSH key to the provider.
/// </summary>
[Alias("GitIntegration.IGitLinkGrain")]
public interface IGitLinkGrain : IGrainWithStringKey
{
    /// <summary>Status as stored; with refresh, first refreshes a token that is due (the list endpoint does).</summary>
    [Idempotent, Alias("GetStatusAsync")]
    Task<LinkStatus> GetStatusAsync(bool refresh);

    /// <summary>Validates at the provider and reads the account and (GitHub Apps) installations.</summary>
    [Idempotent, Alias("GetDetailsAsync")]
    Task<LinkDetails> GetDetailsAsync();

    [Alias("BeginWebFlowAsync")]
    Task<WebFlowStart> BeginWebFlowAsync(BeginWebFlowRequest request);

    /// <summary>Completes the web flow. A wrong, reused or expired state, or a provider error, throws
    /// <see cref="OAuthFlowException"/> and stores nothing.</summary>
    [Alias("CompleteWebFlowAsync")]
    Task<WebFlowResult> CompleteWebFlowAsync(WebFlowCallback callback);

    /// <summary>Throws <see cref="ProviderFeatureException"/> when the provider has no device flow.</summary>
    [Alias("StartDeviceFlowAsync")]
    Task<DeviceStart> StartDeviceFlowAsync();

    [Alias("PollDeviceFlowAsync")]
    Task<DevicePollResult> PollDeviceFlowAsync(string deviceCode);

    /// <summary>Validates the token at the provider first; throws <see cref="InvalidTokenException"/> if it is not valid.</summary>
    [Alias("SetPersonalTokenAsync")]
    Task<LinkStatus> SetPersonalTokenAsync(PersonalTokenRequest request);

    /// <summary>Keeps tokens obtained by signing in with this provider.</summary>
    [Alias("ImportTokensAsync")]
    Task<LinkStatus> ImportTokensAsync(ImportedTokens tokens);

    /// <summary>A valid token, refreshed when within the margin of expiry; concurrent callers share one refresh.</summary>
    [Idempotent, Alias("GetTokenAsync")]
    Task<TokenResult> GetTokenAsync();

    /// <summary>Validates the current token at the provider now and records validate_error.</summary>
    [Idempotent, Alias("ValidateAsync")]
    Task<LinkStatus> ValidateAsync();

    /// <summary>git rejected the token (credential helper erase): validate again before handing it out.</summary>
    [Idempotent, Alias("ReportRejectedAsync")]
    Task ReportRejectedAsync(string? rejectedPassword);

    [Idempotent, Alias("ListRepositoriesAsync")]
    Task<RepositoryInfo[]> ListRepositoriesAsync(string? query, int page);

    [Idempotent, Alias("GetSshKeyStatusAsync")]
    Task<SshKeyStatus> GetSshKeyStatusAsync();

    /// <summary>Uploads the user's current SSH public key (replacing an older one of ours), idempotently.</summary>
    [Idempotent, Alias("SyncSshKeyAsync")]
    Task<SshKeyStatus> SyncSshKeyAsync();

    /// <summary>Revokes at the provider, deletes the uploaded SSH key, clears the state.</summary>
    [Alias("UnlinkAsync")]
    Task<UnlinkResult> UnlinkAsync();
}
