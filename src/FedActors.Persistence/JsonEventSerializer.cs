using System.Text.Json;
using System.Text.Json.Serialization;

namespace FedActors.Persistence;

/// <summary>
/// Serializes payloads with System.Text.Json. The type is recorded as "full name, assembly name" (no version), so
/// a journal stays readable after the assembly's version changes, and is resolved with <see cref="Type.GetType(string)"/>.
/// </summary>
public sealed class JsonEventSerializer : IEventSerializer
{
    public static JsonEventSerializer Instance { get; } = new();

    // Metrics may be NaN or infinite (a cosine of a zero update); they are written as "NaN", "Infinity", "-Infinity".
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public SerializedEvent Serialize(object payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var type = payload.GetType();
        return new SerializedEvent(StableName(type), JsonSerializer.Serialize(payload, type, Options));
    }

    public object Deserialize(SerializedEvent serialized)
    {
        ArgumentNullException.ThrowIfNull(serialized);
        var type = Type.GetType(serialized.EventType, throwOnError: false)
            ?? throw new PersistenceException(
                $"unknown event type '{serialized.EventType}': no such type is loaded; is the assembly that defines it referenced?");
        try
        {
            return JsonSerializer.Deserialize(serialized.PayloadJson, type, Options)
                ?? throw new PersistenceException($"the payload of type '{serialized.EventType}' is JSON null");
        }
        catch (JsonException e)
        {
            throw new PersistenceException($"the payload does not fit type '{serialized.EventType}': {e.Message}", e);
        }
    }

    /// <summary>The name recorded for a type: its full name and its assembly's simple name.</summary>
    public static string StableName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return $"{type.FullName}, {type.Assembly.GetName().Name}";
    }
}
