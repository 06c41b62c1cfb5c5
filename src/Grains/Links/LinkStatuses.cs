using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Links;

/// <summary>A link's status as the API reports it, from its stored state.</summary>
internal static class LinkStatuses
{
    public static LinkStatus Of(LinkRecord link, DateTimeOffset now)
    {
        var s = link.State;
        var expired = s.ExpiresAt is { } expiresAt && expiresAt <= now;
        var error = s.NeedsReauthentication
            ? s.ReauthenticationReason
            : s.ValidateError ?? (s.RefreshFailures > 0 ? s.LastRefreshError : null);
        return new LinkStatus(
            link.ProviderId, s.IsLinked, s.Method, s.CreatedAt, s.UpdatedAt, s.RefreshToken is not null, s.ExpiresAt,
            Authenticated: s.IsLinked && !s.NeedsReauthentication && !s.TokenRejected && !expired,
            ValidateError: s.IsLinked ? error : null,
            s.NeedsReauthentication, s.ReauthenticationReason, s.Account);
    }
}
