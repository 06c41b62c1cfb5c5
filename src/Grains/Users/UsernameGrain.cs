using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Users;

public sealed record UsernameState
{
    public string? UserId { get; init; }
}

/// <summary>Claims a username (key: lower-cased) for one user id; the first claim wins for good. Collected after two idle
/// minutes, so lookups of names nobody holds do not pile up in memory.</summary>
[GrainType("username"), CollectionAgeLimit(Minutes = 2)]
public sealed class UsernameGrain([PersistentState("username")] IPersistentState<UsernameState> state) : Grain, IUsernameGrain
{
    public Task<string?> GetUserIdAsync() => Task.FromResult(state.State.UserId);

    public async Task<bool> ClaimAsync(string userId)
    {
        if (string.IsNullOrEmpty(userId))
            throw new InvalidRequestException("userId: required.");
        await state.UpdateAsync(s => s.UserId is null ? new UsernameState { UserId = userId } : s);
        return state.State.UserId == userId;
    }
}
