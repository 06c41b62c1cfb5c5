using Orleans.Storage;

namespace GitIntegration.Grains;

/// <summary>
/// Compare-and-swap writes for grain state. Storage checks the ETag on every write; when another activation wrote
/// first (Orleans can briefly run two during membership changes), the change is applied again to what it stored.
/// A write that fails leaves <c>State</c> as it was, so a failed change is never served or written later.
/// </summary>
internal static class PersistentStateUpdates
{
    private const int MaxAttempts = 5;

    /// <summary>Applies <paramref name="change"/> and stores the result; a change that returns its input writes nothing.</summary>
    public static async Task<T> UpdateAsync<T>(this IPersistentState<T> state, Func<T, T> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var before = state.State;
            var after = change(before);
            if (ReferenceEquals(after, before))
                return before;
            state.State = after;
            try
            {
                await state.WriteStateAsync();
                return after;
            }
            catch (InconsistentStateException) when (attempt < MaxAttempts)
            {
                state.State = before;
                await state.ReadStateAsync();
            }
            catch
            {
                state.State = before;
                throw;
            }
        }
    }
}
