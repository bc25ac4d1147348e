namespace FedActors.Persistence;

/// <summary>Turns journaled events and snapshots into (type name, JSON) and back.</summary>
public interface IEventSerializer
{
    SerializedEvent Serialize(object payload);

    /// <summary>Reads a payload back; throws <see cref="PersistenceException"/> when the type is unknown or the JSON does not fit it.</summary>
    object Deserialize(SerializedEvent serialized);
}
