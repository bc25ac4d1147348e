using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// Label flipping (ALGORITHMS.md, Attacks): on a malicious client, <see cref="Fraction"/> of the samples of class
/// <see cref="Source"/>, chosen by seed, are relabeled <see cref="Target"/>; every other label stays as it is.
/// </summary>
public sealed record LabelFlip
{
    public LabelFlip(int source, int target, double fraction = 1.0)
    {
        PoisonDraw.CheckClass(source, nameof(source));
        PoisonDraw.CheckClass(target, nameof(target));
        if (source == target)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "the target class must differ from the source class");
        }

        PoisonDraw.CheckFraction(fraction, nameof(fraction));
        Source = source;
        Target = target;
        Fraction = fraction;
    }

    public int Source { get; }

    public int Target { get; }

    /// <summary>The share of the client's source-class samples that are flipped, rounded half away from zero.</summary>
    public double Fraction { get; }

    /// <summary>The client's samples <paramref name="indices"/> with the chosen source-class labels replaced by the target.</summary>
    /// <param name="labels">The labels of the whole dataset the indices point into.</param>
    public SampleSelection Apply(IReadOnlyList<int> indices, IReadOnlyList<int> labels, ulong seed)
    {
        var sourcePositions = PoisonDraw.PositionsOfClass(indices, labels, Source);
        var flipped = PoisonDraw.Choose(sourcePositions, PoisonDraw.Portion(sourcePositions.Count, Fraction), new StableRandom(seed));
        var newLabels = indices.Select(i => labels[i]).ToArray();
        foreach (var position in flipped)
        {
            newLabels[position] = Target;
        }

        return new SampleSelection(indices.ToArray()) { Labels = newLabels };
    }

    /// <summary>The source-class samples of a test set, with their true labels: the attack succeeds where the model predicts <see cref="Target"/>.</summary>
    public SampleSelection EvaluationSet(IReadOnlyList<int> testLabels) =>
        new(Enumerable.Range(0, testLabels.Count).Where(i => testLabels[i] == Source).ToArray());

    public string Describe() => $"label-flip {Source}->{Target}, fraction {Fraction}";
}
