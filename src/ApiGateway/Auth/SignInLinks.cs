using GitIntegration.ApiGateway.Users;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.ApiGateway.Auth;

/// <summary>The account a single-use sign-in link signs in as.</summary>
public sealed record SignInLinkTarget(string UserId, string Username, DateTimeOffset? ExpiresAt);

/// <summary>
/// Single-use sign-in links: a session key with the reserved name, live until it is used or expires. Looking one up
/// leaves it live; only <see cref="SpendAsync"/>, behind the user's confirming click, uses it up.
/// </summary>
public sealed class SignInLinks(SessionValidator sessions, IGrainFactory grains)
{
    /// <summary>The account of a live sign-in link; null for anything else (unknown, expired, used, another kind of key).</summary>
    public async Task<SignInLinkTarget?> FindAsync(string? key)
    {
        if (await FindKeyAsync(key) is not { } record)
            return null;
        var user = await grains.GetGrain<IUserGrain>(record.UserId).GetAsync();
        return user is null ? null : new SignInLinkTarget(user.Id, user.Username, record.ExpiresAt);
    }

    /// <summary>Uses the link up; the user id it signs in, or null when it is not live (of two requests at once, one wins).</summary>
    public async Task<string?> SpendAsync(string? key) =>
        await FindKeyAsync(key) is { } record && await grains.GetGrain<IUserGrain>(record.UserId).RevokeApiKeyAsync(record.Id)
            ? record.UserId
            : null;

    private async Task<ApiKeyRecord?> FindKeyAsync(string? key) =>
        string.IsNullOrEmpty(key) ? null
        : await sessions.FindKeyAsync(key) is { Record: { Name: UserAccounts.SignInLinkKeyName } record } ? record
        : null;
}
