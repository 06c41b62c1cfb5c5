using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Links;

// What the linked account has at the provider (details, installations, repositories), and unlinking.
internal sealed partial class GitLinkGrain
{
    public async Task<LinkDetails> GetDetailsAsync()
    {
        await FlushUnsavedAsync();
        var adapter = await RequireAdapterAsync();
        var installUrl = adapter.Config.AppInstallUrl;
        if (!State.IsLinked)
            return new LinkDetails(StatusNow(), installUrl is not null, installUrl, []);
        if (!State.NeedsReauthentication)
            await RevalidateAsync(adapter);
        IReadOnlyList<AppInstallation> installations = [];
        if (adapter.SupportsInstallations && StatusNow().Authenticated)
        {
            try
            {
                installations = await CallProviderAsync(ct => adapter.ListInstallationsAsync(Plaintext(), ct));
            }
            catch (Exception e) when (e is ProviderApiException || ProviderErrors.IsTransient(e))
            {
                logger.LogInformation("Listing the installations of {Link} failed: {Error}", GrainId, e.Message);
            }
        }
        return new LinkDetails(StatusNow(), installUrl is not null, installUrl, installations);
    }

    public async Task<IReadOnlyList<RepositoryInfo>> ListRepositoriesAsync(string? query, int page)
    {
        await FlushUnsavedAsync();
        var adapter = await RequireLinkedAdapterAsync();
        var token = await AcquireTokenAsync(adapter);
        switch (token.Outcome)
        {
            case TokenOutcome.NotLinked:
                throw new NotFoundException($"There is no link to '{ProviderId}'.");
            case TokenOutcome.ReauthenticationRequired:
                throw new InvalidTokenException(token.Error ?? "Link the account again.");
            case TokenOutcome.TemporarilyUnavailable:
                throw new ProviderUnavailableException(token.Error ?? $"{adapter.Config.DisplayName} is not available right now.");
        }
        try
        {
            var account = State.Account ?? throw new ProviderFeatureException("The provider did not tell which account the link belongs to.");
            return await CallProviderAsync(ct => adapter.ListRepositoriesAsync(Plaintext(), account, query, Math.Max(1, page), ct));
        }
        catch (ProviderApiException e) when (e.HttpStatus == 401)
        {
            await MutateAsync(s => s.IsLinked ? s with { TokenRejected = true } : s);
            throw new InvalidTokenException($"{adapter.Config.DisplayName} no longer accepts the token.");
        }
        catch (Exception e) when (ProviderErrors.IsTransient(e))
        {
            throw new ProviderUnavailableException(ProviderErrors.Describe("Listing repositories failed", e));
        }
        catch (ProviderApiException e)
        {
            throw new InvalidRequestException($"{adapter.Config.DisplayName} refused to list repositories: {e.Message}");
        }
    }

    /// <summary>
    /// Deletes our SSH key and revokes the token at the provider (best effort, reported), then forgets the link.
    /// The SSH key goes first: revoking can make the token unusable for the deletion.
    /// </summary>
    public async Task<UnlinkResult> UnlinkAsync()
    {
        await FlushUnsavedAsync();
        if (!State.IsLinked)
            throw new NotFoundException($"There is no link to '{ProviderId}'.");
        var adapter = await providers.GetAdapterAsync(ProviderId);
        var tokens = Plaintext();

        var sshKeyRemoved = false;
        string? sshKeyError = null;
        if (State.Ssh?.KeyId is { } keyId && adapter is { SupportsSshKeys: true } && State.Account is { } account)
        {
            using var timeout = new CancellationTokenSource(_options.ProviderCallTimeout);
            sshKeyError = await SshKeySync.RemoveAsync(adapter, tokens, account, keyId, timeout.Token);
            sshKeyRemoved = sshKeyError is null;
        }

        var (revoked, revocationError) = await RevokeAsync(adapter, tokens);

        await UnregisterRemindersAsync();
        await ClearAsync();
        try
        {
            await User.RemoveLinkAsync(ProviderId);
        }
        catch (Exception e)
        {
            logger.LogWarning("Removing {Provider} from the links of user {User} failed: {Error}", ProviderId, UserId, e.Message);
        }
        logger.LogInformation("Unlinked {Link} (revoked {Revoked}, SSH key removed {SshKeyRemoved})", GrainId, revoked, sshKeyRemoved);
        return new UnlinkResult(revoked, revocationError, sshKeyRemoved, sshKeyError);
    }

    private async Task<(bool Revoked, string? Error)> RevokeAsync(IProviderAdapter? adapter, TokenSet tokens)
    {
        if (adapter is null)
            return (false, $"The provider '{ProviderId}' is no longer configured; the token was not revoked.");
        if (!adapter.SupportsRevocation)
            return (false, null);
        try
        {
            var result = await CallProviderAsync(ct => adapter.RevokeAsync(tokens, ct));
            return (result.Revoked, result.Revoked ? null : result.Error);
        }
        catch (Exception e)
        {
            return (false, ProviderErrors.Describe("Revoking the token failed", e));
        }
    }
}
