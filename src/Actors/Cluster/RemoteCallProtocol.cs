using System.Reflection;
using System.Text.Json;
using GitIntegration.Actors.Runtime;

namespace GitIntegration.Actors.Cluster;

/// <summary>
/// The wire format of a grain call between processes (HTTP/2, JSON): request
/// <c>{"type","key","method","args":[...]}</c>; answer 200 <c>{"result":...}</c> or <c>{"error":{"type","message"}}</c>,
/// 421 when the silo does not own the grain's partition (route again), 503 while it shuts down.
/// </summary>
public static class RemoteCallProtocol
{
    public const string Path = "/_actors/v1/call";
    public const string DeadlineHeader = "x-actors-deadline-ms";

    public static byte[] WriteRequest(GrainId id, GrainMethod method, object?[] args, JsonSerializerOptions json)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", id.Type);
            writer.WriteString("key", id.Key);
            writer.WriteString("method", method.Name);
            writer.WriteStartArray("args");
            for (var i = 0; i < args.Length; i++)
                JsonSerializer.Serialize(writer, args[i], method.ParameterTypes[i], json);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] WriteResult(object? result, Type? resultType, JsonSerializerOptions json)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("result");
            if (resultType is null)
                writer.WriteNullValue();
            else
                JsonSerializer.Serialize(writer, result, resultType, json);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] WriteError(Exception error)
    {
        var type = error.GetType();
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            error = new { type = $"{type.FullName}, {type.Assembly.GetName().Name}", message = error.Message },
        });
    }

    /// <summary>Rebuilds a grain's exception with its type and message; a type this process lacks becomes GrainCallException.</summary>
    public static Exception RebuildError(string typeName, string message)
    {
        var type = Type.GetType(typeName, throwOnError: false);
        if (type is null || !typeof(Exception).IsAssignableFrom(type))
            return new GrainCallException(typeName, message);
        foreach (var constructor in type.GetConstructors())
        {
            var parameters = constructor.GetParameters();
            if (parameters.Length == 0 || parameters[0].ParameterType != typeof(string) || parameters.Skip(1).Any(p => !p.HasDefaultValue))
                continue;
            if (parameters[0].Name is not ("message" or "msg"))
                continue;
            var values = new object?[parameters.Length];
            values[0] = message;
            for (var i = 1; i < parameters.Length; i++)
                values[i] = parameters[i].DefaultValue;
            try
            {
                return (Exception)constructor.Invoke(values);
            }
            catch (TargetInvocationException)
            {
                break;
            }
        }
        return new GrainCallException(typeName, message);
    }
}
