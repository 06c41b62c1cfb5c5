using System.Text.Json;
using GitIntegration.Grains.Storage;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace GitIntegration.LinkTestHost;

/// <summary>
/// Grain storage that, once a link's write that replaced its refresh token has been stored, announces it on
/// stdout and never returns: the grain's turn stays blocked, so the new token is never handed out, and the
/// test kills the process at exactly that point.
/// </summary>
internal sealed class RotationTripwire(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public const string Signal = "ROTATED-TOKEN-PERSISTED";
    private readonly Dictionary<GrainId, string?> _refreshTokens = new();

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.ReadStateAsync(stateName, grainId, grainState);
        lock (_refreshTokens)
            _refreshTokens[grainId] = RefreshTokenOf(grainState.State);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState);
        var written = RefreshTokenOf(grainState.State);
        bool rotated;
        lock (_refreshTokens)
        {
            rotated = grainId.Type.ToString() == "gitlink" && written is not null
                      && _refreshTokens.TryGetValue(grainId, out var before) && before is not null && before != written;
            _refreshTokens[grainId] = written;
        }
        if (rotated)
        {
            Console.Out.WriteLine(Signal);
            Console.Out.Flush();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    // The protected value changes exactly when the refresh token is replaced; its plaintext is never looked at.
    private static string? RefreshTokenOf<T>(T? state)
    {
        if (state is null)
            return null;
        using var json = JsonDocument.Parse(new GrainStateJsonSerializer().Serialize(state));
        return json.RootElement.TryGetProperty("refreshToken", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
