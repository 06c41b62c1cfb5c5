using GitIntegration.Actors.Storage;

namespace GitIntegration.Actors.Runtime;

/// <summary>Loaded by the runtime before OnActivateAsync.</summary>
internal interface IStateLoader
{
    Task LoadAsync(CancellationToken cancellationToken);
}

/// <summary>A grain's named state, stored as one row keyed by (grain type, grain key, state name).</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IStateLoader where TState : new()
{
    private readonly string _name;
    private readonly ActivationData _activation;
    private readonly StateStore _store;

    public PersistentState(string name, ActivationData activation, StateStore store)
    {
        _name = name;
        _activation = activation;
        _store = store;
        State = new TState();
    }

    public TState State { get; set; }
    public string? Etag { get; private set; }
    public bool RecordExists { get; private set; }

    public Task LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _store.Storage.ReadAsync(_activation.Id, _name, cancellationToken);
        Etag = stored.Etag;
        RecordExists = stored.Payload is not null;
        State = stored.Payload is null ? new TState() : _store.Deserialize<TState>(stored.Payload);
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = _store.Serialize(State, _activation.Id, _name);
        Etag = await _store.Storage.WriteAsync(_activation.Id, _name, payload, Etag, _store.FenceFor(_activation), cancellationToken);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        Etag = await _store.Storage.ClearAsync(_activation.Id, _name, Etag, _store.FenceFor(_activation), cancellationToken);
        RecordExists = false;
        State = new TState();
    }
}
