using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GitIntegration.ProviderEmulator.Control;
using GitIntegration.ProviderEmulator.Core.OAuth;

namespace GitIntegration.ProviderEmulator.Core.Diagnostics;

/// <summary>
/// Exact counters for tests: calls per endpoint, presentations per refresh token (keyed by SHA-256 of the token
/// so no secret is kept or shown), and refresh outcomes per instance.
/// </summary>
public sealed class EmulatorCounters
{
    private ConcurrentDictionary<(string Instance, string Endpoint), StrongBox<long>> _calls = new();
    private ConcurrentDictionary<string, (string Instance, StrongBox<long> Count)> _refreshTokens = new();
    private ConcurrentDictionary<string, (StrongBox<long> Succeeded, StrongBox<long> Failed)> _refreshes = new();

    public void Call(string instance, string endpoint) =>
        Interlocked.Increment(ref _calls.GetOrAdd((instance, endpoint), _ => new StrongBox<long>()).Value);

    public void RefreshTokenPresented(string instance, string refreshToken) =>
        Interlocked.Increment(ref _refreshTokens.GetOrAdd(TokenValues.Sha256Hex(refreshToken), _ => (instance, new StrongBox<long>())).Count.Value);

    public void RefreshSucceeded(string instance) => Interlocked.Increment(ref Outcomes(instance).Succeeded.Value);

    public void RefreshFailed(string instance) => Interlocked.Increment(ref Outcomes(instance).Failed.Value);

    public long Presentations(string tokenSha256) =>
        _refreshTokens.TryGetValue(tokenSha256.ToLowerInvariant(), out var entry) ? Interlocked.Read(ref entry.Count.Value) : 0;

    public void Reset()
    {
        _calls = new();
        _refreshTokens = new();
        _refreshes = new();
    }

    public CountersSnapshot Snapshot() => new(
        _calls.Select(c => new EndpointCount(c.Key.Instance, c.Key.Endpoint, Interlocked.Read(ref c.Value.Value)))
            .OrderBy(c => c.Instance, StringComparer.Ordinal).ThenBy(c => c.Endpoint, StringComparer.Ordinal).ToList(),
        _refreshTokens.Select(r => new RefreshTokenCount(r.Key, r.Value.Instance, Interlocked.Read(ref r.Value.Count.Value)))
            .OrderBy(r => r.TokenSha256, StringComparer.Ordinal).ToList(),
        _refreshes.Select(r => new RefreshOutcomeCount(r.Key, Interlocked.Read(ref r.Value.Succeeded.Value), Interlocked.Read(ref r.Value.Failed.Value)))
            .OrderBy(r => r.Instance, StringComparer.Ordinal).ToList());

    private (StrongBox<long> Succeeded, StrongBox<long> Failed) Outcomes(string instance) =>
        _refreshes.GetOrAdd(instance, _ => (new StrongBox<long>(), new StrongBox<long>()));
}
