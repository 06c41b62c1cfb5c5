using GitIntegration.Actors;
using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Users;

public sealed record ApiKeyState
{
    public ApiKeyRecord? Record { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
}

/// <summary>A session token, key = lower-case hex SHA-256 of the token; the token itself is never seen here.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey")] IPersistentState<ApiKeyState> state,
    TimeProvider time) : Grain, IApiKeyGrain
{
    // Last use is a hint for the owner, not worth a storage write on every request.
    private static readonly TimeSpan TouchWriteInterval = TimeSpan.FromMinutes(10);

    public async Task CreateAsync(ApiKeyRecord record)
    {
        if (state.State.Record is { } existing)
        {
            if (existing.Id == record.Id && existing.UserId == record.UserId)
                return;
            throw new ConflictException("An API key with this hash already exists.");
        }
        state.State = new ApiKeyState { Record = record };
        await state.WriteStateAsync();
    }

    public Task<ApiKeyRecord?> GetAsync()
    {
        if (state.State.Record is null)
            DeactivateOnIdle(); // someone guessing tokens must not fill memory with empty activations
        return Task.FromResult(state.State.Record);
    }

    public async Task RevokeAsync()
    {
        if (state.State.Record is not { Revoked: false } record)
            return;
        state.State = state.State with { Record = record with { Revoked = true } };
        await state.WriteStateAsync();
    }

    public async Task TouchAsync()
    {
        if (state.State.Record is null)
            return;
        var now = time.GetUtcNow();
        var last = state.State.LastUsedAt;
        state.State = state.State with { LastUsedAt = now };
        if (last is null || now - last >= TouchWriteInterval)
            await state.WriteStateAsync();
    }
}
