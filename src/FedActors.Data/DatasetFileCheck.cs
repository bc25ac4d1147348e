namespace FedActors.Data;

/// <summary>The state of one manifest file in a data directory; <see cref="ActualBytes"/> is null when it is missing.</summary>
public sealed record DatasetFileCheck(DatasetFile File, string FullPath, DatasetFileStatus Status, long? ActualBytes);
