using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Users;

namespace GitIntegration.ApiGateway.Auth;

/// <summary>Turns a presented token into a caller: the admin token, or a live session key of an existing user.</summary>
public sealed class SessionValidator(IGrainFactory grains, AdminCredential admin, TimeProvider time)
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastTouched = new(StringComparer.Ordinal);

    public async Task<Caller?> ValidateAsync(string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        if (admin.Matches(hash))
            return new Caller(null, Roles.Admin, null);
        var found = await FindKeyAsync(token, hash);
        if (found is null)
            return null;
        var user = await grains.GetGrain<IUserGrain>(found.Value.Record.UserId).GetAsync();
        if (user is null)
            return null;
        TouchNowAndThen(found.Value.Hash);
        return new Caller(user.Id, user.Role, found.Value.Record.Id);
    }

    /// <summary>A live (not revoked, not expired) session key by its token; null otherwise.</summary>
    public Task<(ApiKeyRecord Record, string Hash)?> FindKeyAsync(string token) =>
        FindKeyAsync(token, SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<(ApiKeyRecord Record, string Hash)?> FindKeyAsync(string token, byte[] sha256)
    {
        if (!ApiKeyTokens.LooksLikeToken(token))
            return null;
        var hash = Convert.ToHexStringLower(sha256); // ApiKeyTokens.HashOf, without hashing twice
        var record = await grains.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(hash)).GetAsync();
        if (record is null || record.Revoked || record.ExpiresAt is { } expires && expires <= time.GetUtcNow())
            return null;
        return (record, hash);
    }

    private void TouchNowAndThen(string hash)
    {
        var now = time.GetUtcNow();
        if (_lastTouched.TryGetValue(hash, out var last) && now - last < TouchInterval)
            return;
        _lastTouched[hash] = now;
        _ = grains.GetGrain<IApiKeyGrain>(GrainKeys.ApiKey(hash)).TouchAsync().ContinueWith(
            t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted); // last use is a hint; a failure to record it does not matter
    }
}

/// <summary>The bootstrap admin token, compared in constant time through its hash.</summary>
public sealed class AdminCredential(string token)
{
    private readonly byte[] _hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <param name="presentedSha256">SHA-256 of the presented token's UTF-8 bytes.</param>
    public bool Matches(byte[] presentedSha256) => CryptographicOperations.FixedTimeEquals(_hash, presentedSha256);
}
