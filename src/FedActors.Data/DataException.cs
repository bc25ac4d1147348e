namespace FedActors.Data;

/// <summary>A dataset file is missing, truncated or corrupt; the message names the file, what was expected and how to fetch it.</summary>
public sealed class DataException(string message) : Exception(message);
