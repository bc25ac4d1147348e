using System.Globalization;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Checks an update before it is journaled or aggregated (ARCHITECTURE §9): the model's dimension, finite values
/// only, and an L2 norm at most the configured ceiling. Its reason is journaled as <see cref="UpdateRejected"/>.
/// </summary>
public sealed class UpdateValidator
{
    public UpdateValidator(int dimension, double maxNorm = double.PositiveInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (!(maxNorm > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "must be positive");
        }

        Dimension = dimension;
        MaxNorm = maxNorm;
    }

    /// <summary>The number of model parameters.</summary>
    public int Dimension { get; }

    /// <summary>The largest L2 norm accepted (inclusive); infinity for no ceiling.</summary>
    public double MaxNorm { get; }

    /// <summary>Null when <paramref name="update"/> is valid, otherwise why it is not.</summary>
    public string? Validate(ReadOnlySpan<float> update) => Validate(update, out _);

    /// <summary>Null when <paramref name="update"/> is valid, otherwise why it is not; <paramref name="norm"/> is its L2 norm (NaN when not computed).</summary>
    public string? Validate(ReadOnlySpan<float> update, out double norm)
    {
        norm = double.NaN;
        if (update.Length != Dimension)
        {
            return $"dimension {update.Length}, expected {Dimension}";
        }

        if (TensorMath.SumOfSquaresIfFinite(update, out var index) is not { } squares)
        {
            return $"non-finite value {update[index].ToString(CultureInfo.InvariantCulture)} at index {index}";
        }

        norm = Math.Sqrt(squares);
        if (norm > MaxNorm)
        {
            return $"L2 norm {norm.ToString("G6", CultureInfo.InvariantCulture)} exceeds the ceiling {MaxNorm.ToString(CultureInfo.InvariantCulture)}";
        }

        return null;
    }
}
