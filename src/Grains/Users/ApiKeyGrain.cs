using GitIntegration.Grains.Interfaces;

namespace GitIntegration.Grains.Users;

public sealed record ApiKeyState
{
    public ApiKeyRecord? Record { get; init; }
    public DateTimeOffset? LastUsedAt { get; init; }
}

/// <summary>A session token, key = lower-case hex SHA-256 of the token; the token itself is never seen here.
/// Collected after two idle minutes, so someone guessing tokens cannot fill memory with empty activations.
/// (DeactivateOnIdle would do it sooner, but makes concurrent callers of the same key fail while it deactivates.)</summary>
[GrainType("apikey"), CollectionAgeLimit(Minutes = 2)]
public sealed class ApiKeyGrain(
    [PersistentState("apikey")] IPersistentState<ApiKeyState> state,
    TimeProvider time) : Grain, IApiKeyGrain
{
    // Last use is a hint for the owner, not worth a storage write on every request.
    private static readonly TimeSpan TouchWriteInterval = TimeSpan.FromMinutes(10);

    public async Task CreateAsync(ApiKeyRecord record)
    {
        await state.UpdateAsync(s => s.Record is null ? new ApiKeyState { Record = record } : s);
        if (state.State.Record is not { } stored || stored.Id != record.Id || stored.UserId != record.UserId)
            throw new ConflictException("An API key with this hash already exists.");
    }

    public Task<ApiKeyRecord?> GetAsync() => Task.FromResult(state.State.Record);

    public async Task RevokeAsync()
    {
        await state.UpdateAsync(s => s.Record is { Revoked: false } record ? s with { Record = record with { Revoked = true } } : s);
    }

    public async Task TouchAsync()
    {
        if (state.State.Record is null)
            return;
        var now = time.GetUtcNow();
        var last = state.State.LastUsedAt;
        if (last is null || now - last >= TouchWriteInterval)
            await state.UpdateAsync(s => s.Record is null ? s : s with { LastUsedAt = now });
        else
            state.State = state.State with { LastUsedAt = now };
    }
}
