namespace FedActors.Cli;

/// <summary>Process exit codes shared by all verbs.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A configuration file or override is malformed or has a bad value.</summary>
    public const int ConfigurationError = 2;
}
