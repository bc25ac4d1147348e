namespace FedActors.Data;

/// <summary>What <see cref="DatasetVerifier"/> found for one dataset file.</summary>
public enum DatasetFileStatus
{
    Verified,
    Missing,
    WrongSize,
    WrongSha256,
}
