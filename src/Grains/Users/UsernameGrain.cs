using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Users;

public sealed record UsernameState
{
    public string? UserId { get; init; }
}

/// <summary>Claims a username (key: lower-cased) for one user id; the first claim wins for good.</summary>
[GrainType("username")]
public sealed class UsernameGrain([PersistentState("username")] IPersistentState<UsernameState> state) : Grain, IUsernameGrain
{
    public Task<string?> GetUserIdAsync()
    {
        if (state.State.UserId is null)
            DeactivateOnIdle(); // lookups of names nobody holds should not pile up in memory
        return Task.FromResult(state.State.UserId);
    }

    public async Task<bool> ClaimAsync(string userId)
    {
        if (string.IsNullOrEmpty(userId))
            throw new InvalidRequestException("userId: required.");
        await state.UpdateAsync(s => s.UserId is null ? new UsernameState { UserId = userId } : s);
        return state.State.UserId == userId;
    }
}
