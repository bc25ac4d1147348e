namespace FedActors.Simulation;

/// <summary>Which coordinates of an update AUROR clusters.</summary>
public enum AurorFeatures
{
    /// <summary>The last <see cref="AurorStageSettings.OutputFeatures"/> coordinates: the output layer's weights and bias.</summary>
    OutputLayer,

    /// <summary>Every coordinate.</summary>
    All,
}
