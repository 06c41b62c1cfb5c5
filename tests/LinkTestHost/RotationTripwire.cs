using System.Text.Json;
using GitIntegration.Actors;
using GitIntegration.Actors.Storage;

namespace GitIntegration.LinkTestHost;

/// <summary>
/// Grain storage that, once a link's write that replaced its refresh token has been stored, announces it on
/// stdout and never returns: the grain's turn stays blocked, so the new token is never handed out, and the
/// test kills the process at exactly that point.
/// </summary>
internal sealed class RotationTripwire(IGrainStorage inner) : IGrainStorage
{
    public const string Signal = "ROTATED-TOKEN-PERSISTED";
    private readonly Dictionary<GrainId, string?> _refreshTokens = new();

    public async Task<StoredState> ReadAsync(GrainId id, string stateName, CancellationToken cancellationToken)
    {
        var stored = await inner.ReadAsync(id, stateName, cancellationToken);
        lock (_refreshTokens)
            _refreshTokens[id] = RefreshTokenOf(stored.Payload);
        return stored;
    }

    public async Task<string> WriteAsync(GrainId id, string stateName, ReadOnlyMemory<byte> payload, string? etag, WriteFence fence, CancellationToken cancellationToken)
    {
        var etagAfter = await inner.WriteAsync(id, stateName, payload, etag, fence, cancellationToken);
        var written = RefreshTokenOf(payload.ToArray());
        bool rotated;
        lock (_refreshTokens)
        {
            rotated = id.Type == "gitlink" && written is not null
                      && _refreshTokens.TryGetValue(id, out var before) && before is not null && before != written;
            _refreshTokens[id] = written;
        }
        if (rotated)
        {
            Console.Out.WriteLine(Signal);
            Console.Out.Flush();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        }
        return etagAfter;
    }

    public Task<string?> ClearAsync(GrainId id, string stateName, string? etag, WriteFence fence, CancellationToken cancellationToken) =>
        inner.ClearAsync(id, stateName, etag, fence, cancellationToken);

    // The protected value changes exactly when the refresh token is replaced; its plaintext is never looked at.
    private static string? RefreshTokenOf(byte[]? payload)
    {
        if (payload is null)
            return null;
        using var json = JsonDocument.Parse(payload);
        return json.RootElement.TryGetProperty("refreshToken", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
