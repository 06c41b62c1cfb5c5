using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Users;

public sealed record ExternalIdentityState
{
    public string? UserId { get; init; }
    public DateTimeOffset BoundAt { get; init; }
}

/// <summary>Maps a provider account (key <c>{providerId}/{escaped account id}</c>) to the user who signed in with it.</summary>
[GrainType("externalidentity")]
public sealed class ExternalIdentityGrain(
    [PersistentState("identity")] IPersistentState<ExternalIdentityState> state,
    TimeProvider time) : Grain, IExternalIdentityGrain
{
    public Task<string?> GetUserIdAsync() => Task.FromResult(state.State.UserId);

    public async Task<string> BindAsync(string userId)
    {
        if (string.IsNullOrEmpty(userId))
            throw new InvalidRequestException("userId: required.");
        await state.UpdateAsync(s => s.UserId is null ? new ExternalIdentityState { UserId = userId, BoundAt = time.GetUtcNow() } : s);
        return state.State.UserId!;
    }
}
