using System.Collections.Concurrent;
using System.Reflection;
using FedActors.Actors;

namespace FedActors.Persistence;

/// <summary>
/// What every store does with a stored row, whatever the database: the round column of an event, the SHA-256 check
/// of a payload or blob on read, and decoding with a message that names the row.
/// </summary>
internal static class StoredPayloads
{
    /// <summary>
    /// A batch as rows to insert: serialized, hashed and with its round, computed before a journal takes its lock or
    /// transaction (pure work; a payload that cannot be serialized writes nothing).
    /// </summary>
    public static List<PreparedEvent> Prepare(IEventSerializer serializer, IReadOnlyList<PersistentRepresentation> messages) =>
        messages.Select(m =>
        {
            var serialized = serializer.Serialize(m.Payload);
            return new PreparedEvent(m, serialized.EventType, serialized.PayloadJson, Sha256Hex.Of(serialized.PayloadJson), RoundOf(m.Payload));
        }).ToList();

    /// <summary>The payload's <c>public int Round</c> property, recorded in the <c>round</c> column; null when it has none.</summary>
    public static int? RoundOf(object payload)
    {
        var property = RoundProperties.GetOrAdd(payload.GetType(), static type =>
            type.GetProperty("Round", BindingFlags.Public | BindingFlags.Instance) is { } p
            && p.PropertyType == typeof(int) && p.GetMethod is not null && p.GetIndexParameters().Length == 0
                ? p
                : null);
        return property is null ? null : (int?)property.GetValue(payload);
    }

    /// <summary>Each payload type's <c>Round</c> property (or null), looked up once rather than on every write.</summary>
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> RoundProperties = new();

    /// <summary>
    /// Checks a stored row's JSON against its recorded SHA-256 and deserializes it. <paramref name="location"/> names the
    /// database, <paramref name="kind"/> the row (<c>event</c>, <c>snapshot</c>), <paramref name="holder"/> what recorded it.
    /// </summary>
    public static object Decode(IEventSerializer serializer, StoredRow row, string location, string kind, string holder, string remedy)
    {
        var actual = Sha256Hex.Of(row.Json);
        if (!string.Equals(actual, row.Sha256, StringComparison.Ordinal))
        {
            throw new PersistenceException(
                $"{location}: {kind} {row.PersistenceId}/{row.SequenceNr} is corrupted: the SHA-256 of its payload is {actual}, " +
                $"the {holder} recorded {row.Sha256}{remedy}");
        }

        try
        {
            return serializer.Deserialize(new SerializedEvent(row.Type, row.Json));
        }
        catch (PersistenceException e)
        {
            throw new PersistenceException(
                $"{location}: cannot read {kind} {row.PersistenceId}/{row.SequenceNr} of type '{row.Type}': {e.Message}", e);
        }
    }

    /// <summary>Returns <paramref name="data"/> when it hashes to <paramref name="sha256"/>, its key; throws naming the blob otherwise.</summary>
    public static byte[] CheckBlob(string location, string sha256, byte[] data)
    {
        var actual = Sha256Hex.Of(data);
        return string.Equals(actual, sha256, StringComparison.Ordinal)
            ? data
            : throw new PersistenceException($"{location}: blob {sha256} is corrupted: its bytes hash to {actual}");
    }

    /// <summary>
    /// Checks and decodes every replayed journal row before the first callback, so a corrupted journal recovers
    /// nothing rather than a prefix; then calls <paramref name="recoveryCallback"/> for each event in order.
    /// </summary>
    public static void Recover(IEventSerializer serializer, IReadOnlyList<StoredRow> rows, string location,
        Action<PersistentRepresentation> recoveryCallback, CancellationToken cancellationToken)
    {
        var events = rows.Select(r => new PersistentRepresentation(r.PersistenceId, r.SequenceNr,
            Decode(serializer, r, location, "event", "journal", "; restore the journal from a backup"))).ToList();
        foreach (var message in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            recoveryCallback(message);
        }
    }
}

/// <summary>One event ready to be inserted: its serialized payload, the payload's SHA-256 and its round (or null).</summary>
internal sealed record PreparedEvent(PersistentRepresentation Message, string EventType, string Json, string Sha256, int? Round);
