namespace FedActors.Cli;

/// <summary>Process exit codes shared by all verbs.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A configuration file or override is malformed or has a bad value.</summary>
    public const int ConfigurationError = 2;

    /// <summary>A benchmark could not finish a measurement (for instance, actors did not answer in time).</summary>
    public const int BenchmarkFailed = 3;

    /// <summary>The native tensor library is missing or could not be loaded.</summary>
    public const int NativeLibraryError = 4;

    /// <summary>A dataset could not be fetched or did not verify.</summary>
    public const int DataFetchFailed = 5;

    /// <summary>A journal or blob store is damaged, of a newer schema, or unreachable.</summary>
    public const int PersistenceError = 6;

    /// <summary>The cluster's broker is unreachable, refuses the credentials, or its queue is set up differently.</summary>
    public const int ClusterError = 7;
}
