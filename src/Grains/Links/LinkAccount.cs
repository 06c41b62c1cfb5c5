using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitIntegration.Grains.Links;

/// <summary>What the linked account has at the provider (details, installations, repositories), and unlinking.</summary>
internal sealed class LinkAccount(
    LinkTokens tokens,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<LinkOptions> options,
    ILogger<LinkAccount> logger)
{
    private readonly TimeSpan _callTimeout = options.Value.ProviderCallTimeout;

    public async Task<LinkDetails> GetDetailsAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter)
    {
        var installUrl = adapter.Config.AppInstallUrl;
        if (!link.State.IsLinked)
            return new LinkDetails(LinkStatuses.Of(link, time.GetUtcNow()), false, installUrl, []);
        if (!link.State.NeedsReauthentication)
            await tokens.RevalidateAsync(link, reminders, adapter);
        // As Coder: the app is installable when the installations call succeeded for this token (a GitHub App's).
        AppInstallation[] installations = [];
        var installable = false;
        if (adapter.SupportsInstallations && LinkStatuses.Of(link, time.GetUtcNow()).Authenticated)
        {
            try
            {
                installations = [.. await CallAsync(ct => adapter.ListInstallationsAsync(link.Tokens, ct))];
                installable = true;
            }
            catch (Exception e) when (e is ProviderApiException || ProviderErrors.IsTransient(e))
            {
                logger.LogInformation("Listing the installations of {Link} failed: {Error}", link.GrainId, e.Message);
            }
        }
        return new LinkDetails(LinkStatuses.Of(link, time.GetUtcNow()), installable, installUrl, installations);
    }

    public async Task<RepositoryInfo[]> ListRepositoriesAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter adapter, string? query, int page)
    {
        var token = await tokens.AcquireAsync(link, reminders, adapter);
        switch (token.Outcome)
        {
            case TokenOutcome.NotLinked:
                throw new NotFoundException($"There is no link to '{link.ProviderId}'.");
            case TokenOutcome.ReauthenticationRequired:
                throw new InvalidTokenException(token.Error ?? "Link the account again.");
            case TokenOutcome.TemporarilyUnavailable:
                throw new ProviderUnavailableException(token.Error ?? $"{adapter.Config.DisplayName} is not available right now.");
        }
        try
        {
            var account = link.State.Account ?? throw new ProviderFeatureException("The provider did not tell which account the link belongs to.");
            return [.. await CallAsync(ct => adapter.ListRepositoriesAsync(link.Tokens, account, query, Math.Max(1, page), ct))];
        }
        catch (ProviderApiException e) when (e.HttpStatus == 401)
        {
            await link.UpdateAsync(s => s.IsLinked ? s with { TokenRejected = true } : s);
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
    /// The SSH key goes first: revoking can make the token unusable for the deletion. <paramref name="adapter"/>
    /// is null when the provider is no longer configured.
    /// </summary>
    public async Task<UnlinkResult> UnlinkAsync(LinkRecord link, LinkReminders reminders, IProviderAdapter? adapter)
    {
        var current = link.Tokens;
        var sshKeyRemoved = false;
        string? sshKeyError = null;
        if (link.State.Ssh?.KeyId is { } keyId && adapter is { SupportsSshKeys: true } && link.State.Account is { } account)
        {
            using var timeout = new CancellationTokenSource(_callTimeout);
            sshKeyError = await SshKeySync.RemoveAsync(adapter, current, account, keyId, timeout.Token);
            sshKeyRemoved = sshKeyError is null;
        }

        var (revoked, revocationError) = await RevokeAsync(link, adapter, current);

        await reminders.CancelAllAsync();
        await link.ClearAsync();
        try
        {
            await grains.GetGrain<IUserGrain>(link.UserId).RemoveLinkAsync(link.ProviderId);
        }
        catch (Exception e)
        {
            // The link is gone; the user's list is repaired the next time it is read against the links.
            logger.LogWarning("Removing {Provider} from the links of user {User} failed: {Error}", link.ProviderId, link.UserId, e.Message);
        }
        logger.LogInformation("Unlinked {Link} (revoked {Revoked}, SSH key removed {SshKeyRemoved})", link.GrainId, revoked, sshKeyRemoved);
        return new UnlinkResult(revoked, revocationError, sshKeyRemoved, sshKeyError);
    }

    private async Task<(bool Revoked, string? Error)> RevokeAsync(LinkRecord link, IProviderAdapter? adapter, TokenSet current)
    {
        if (adapter is null)
            return (false, $"The provider '{link.ProviderId}' is no longer configured; the token was not revoked.");
        if (!adapter.SupportsRevocation)
            return (false, null);
        try
        {
            var result = await CallAsync(ct => adapter.RevokeAsync(current, ct));
            return (result.Revoked, result.Revoked ? null : result.Error);
        }
        catch (Exception e) when (e is ProviderApiException or ProviderTokenException || ProviderErrors.IsTransient(e))
        {
            return (false, ProviderErrors.Describe("Revoking the token failed", e));
        }
    }

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        using var timeout = new CancellationTokenSource(_callTimeout);
        return await call(timeout.Token);
    }
}
