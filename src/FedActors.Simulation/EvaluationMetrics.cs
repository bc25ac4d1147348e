using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Test-set metrics from a confusion matrix (ALGORITHMS.md "Metrics"). Accuracies are fractions in [0, 1]; only
/// <see cref="AttackSuccessRate"/> is a percentage, as 001 Def. 1 defines it. An empty denominator gives NaN.
/// </summary>
public static class EvaluationMetrics
{
    /// <summary>Main-task accuracy, a fraction in [0, 1] (NaN without samples).</summary>
    public static double Accuracy(ConfusionMatrix confusion) =>
        confusion.Total == 0 ? double.NaN : (double)confusion.Correct / confusion.Total;

    /// <summary>Per-class accuracy (recall of each true class), fractions in [0, 1]; NaN for a class without samples.</summary>
    public static double[] PerClassAccuracy(ConfusionMatrix confusion) =>
        [.. Enumerable.Range(0, confusion.Classes).Select(confusion.ClassAccuracy)];

    /// <summary>
    /// Attack success rate SR = n_T^(I) / n^(I) × 100 (001 Def. 1), a percentage in [0, 100]: of the test samples whose
    /// true class is <paramref name="source"/>, the share predicted as <paramref name="target"/>. Other rows of the
    /// matrix are ignored.
    /// </summary>
    public static double AttackSuccessRate(ConfusionMatrix confusion, int source, int target)
    {
        RequireClass(confusion, source, nameof(source));
        RequireClass(confusion, target, nameof(target));
        var row = confusion.RowTotal(source);
        return row == 0 ? double.NaN : 100.0 * confusion[source, target] / row;
    }

    /// <summary>
    /// Backdoor accuracy, a fraction in [0, 1]: of the triggered (or held-out semantic) samples, the share predicted as
    /// <paramref name="target"/>. Samples whose true class already is the target are excluded, since they would count
    /// as successes without any backdoor.
    /// </summary>
    public static double BackdoorAccuracy(ConfusionMatrix triggered, int target)
    {
        RequireClass(triggered, target, nameof(target));
        long hits = 0, total = 0;
        for (var truth = 0; truth < triggered.Classes; truth++)
        {
            if (truth == target)
            {
                continue;
            }

            hits += triggered[truth, target];
            total += triggered.RowTotal(truth);
        }

        return total == 0 ? double.NaN : (double)hits / total;
    }

    /// <summary>
    /// Targeted accuracy (004), a fraction in [0, 1]: accuracy on the targeted test set — the samples of the classes in
    /// <paramref name="flips"/> — with the flipped label (source → target) counted correct.
    /// </summary>
    public static double TargetedAccuracy(ConfusionMatrix confusion, IReadOnlyDictionary<int, int> flips)
    {
        long hits = 0, total = 0;
        foreach (var (source, target) in flips)
        {
            RequireClass(confusion, source, nameof(flips));
            RequireClass(confusion, target, nameof(flips));
            hits += confusion[source, target];
            total += confusion.RowTotal(source);
        }

        return total == 0 ? double.NaN : (double)hits / total;
    }

    private static void RequireClass(ConfusionMatrix confusion, int c, string name)
    {
        if (c < 0 || c >= confusion.Classes)
        {
            throw new ArgumentOutOfRangeException(name, c, $"class must be in [0, {confusion.Classes})");
        }
    }
}
