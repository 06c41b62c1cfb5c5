using System.Text.Json;
using Orleans.Storage;

namespace GitIntegration.Grains.Storage;

/// <summary>
/// Grain state as plain System.Text.Json (web defaults: camelCase), the same JSON on SQLite and PostgreSQL. Secrets
/// are <see cref="Secrets.EncryptedSecret"/> values, so what is stored is only ever their protected strings.
/// </summary>
public sealed class GrainStateJsonSerializer : IGrainStorageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T? Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>(Options);
}
