namespace FedActors.Cli.Bench;

/// <summary>A benchmark could not finish a measurement (actors did not answer in time); the message says which.</summary>
public sealed class BenchmarkException(string message) : Exception(message);
