using FedActors.Hocon;

namespace FedActors.Simulation;

/// <summary>
/// The <c>accuracy-check</c> filter stage (RONI-style, 004 Eq. 3): drops client i when
/// Acc(w + δ_{−i}) − Acc(w + δ_i) &gt; <see cref="Tolerance"/> on the server's validation data.
/// </summary>
/// <param name="ValidationSamples">How many samples the server's validation set has (a seeded subset of the test set).</param>
public sealed record AccuracyCheckStageSettings(double Tolerance, int ValidationSamples, HoconPosition Position) : DefenseStageSettings(Position)
{
    public const string TypeName = "accuracy-check";

    public override string Type => TypeName;

    public override bool IsAggregator => false;
}
