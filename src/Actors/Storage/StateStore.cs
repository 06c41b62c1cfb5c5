using System.Text.Json;
using GitIntegration.Actors.Hosting;
using GitIntegration.Actors.Runtime;
using Microsoft.Extensions.Options;

namespace GitIntegration.Actors.Storage;

/// <summary>The storage, the state serializer (System.Text.Json) and the state size limit, together.</summary>
internal sealed class StateStore(IGrainStorage storage, IPartitionOwnership ownership, IOptions<ActorsOptions> options)
{
    private readonly JsonSerializerOptions _json = options.Value.JsonOptions;
    private readonly int _maxBytes = options.Value.MaxStateBytes;

    public IGrainStorage Storage { get; } = storage;

    public byte[] Serialize<TState>(TState state, GrainId id, string stateName)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(state, _json);
        if (payload.Length > _maxBytes)
            throw new StateTooLargeException(
                $"State '{stateName}' of {id} is {payload.Length} bytes; the limit is {_maxBytes} (ActorsOptions.MaxStateBytes).");
        return payload;
    }

    public TState Deserialize<TState>(byte[] payload) => JsonSerializer.Deserialize<TState>(payload, _json)!;

    public WriteFence FenceFor(ActivationData activation) =>
        new(activation.Partition, activation.Epoch, ownership.FenceOwner);
}
