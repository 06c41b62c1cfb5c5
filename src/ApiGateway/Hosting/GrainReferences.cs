using System.Collections.Concurrent;
using GitIntegration.Actors;

namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// Grain references for the hot paths (session keys, users, links). A reference is an immutable handle, but
/// making one (key check, proxy) costs more than the warm call itself, so they are kept; the cache is dropped
/// whole when it grows past a bound, which keeps it cheap and its memory capped.
/// </summary>
public sealed class GrainReferences(IGrainFactory grains)
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<(Type, string), object> _references = new();

    public T Get<T>(string key) where T : IGrainWithStringKey
    {
        if (_references.TryGetValue((typeof(T), key), out var cached))
            return (T)cached;
        var reference = grains.GetGrain<T>(key);
        if (_references.Count >= MaxEntries)
            _references.Clear();
        _references[(typeof(T), key)] = reference;
        return reference;
    }
}
