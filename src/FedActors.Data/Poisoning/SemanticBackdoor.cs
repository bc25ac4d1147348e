using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// Semantic backdoor (paper 000 §6.2, ALGORITHMS.md): a fixed subset of natural <see cref="Source"/>-class images,
/// chosen by seed, split into <see cref="TrainMembers"/> that are relabeled <see cref="Target"/> and augmented with
/// <see cref="Variants"/> rotated/cropped variants, and <see cref="HeldOutMembers"/> that form the test set.
/// </summary>
public sealed record SemanticBackdoor
{
    public SemanticBackdoor(int source, int target, int trainMembers, int heldOutMembers, int variants = 1000)
    {
        PoisonDraw.CheckClass(source, nameof(source));
        PoisonDraw.CheckClass(target, nameof(target));
        if (source == target)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "the target class must differ from the source class");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(trainMembers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(heldOutMembers, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(variants);
        Source = source;
        Target = target;
        TrainMembers = trainMembers;
        HeldOutMembers = heldOutMembers;
        Variants = variants;
    }

    public int Source { get; }

    public int Target { get; }

    public int TrainMembers { get; }

    public int HeldOutMembers { get; }

    public int Variants { get; }

    /// <summary>Variants are rotated by 1 to this many degrees, either way.</summary>
    public double MaxRotationDegrees { get; init; } = 10;

    /// <summary>Variants are zoomed by a factor in [1, this] (a centre crop resized back).</summary>
    public double MaxZoom { get; init; } = 1.1;

    /// <summary>Variants are shifted by up to this many pixels on each axis.</summary>
    public double MaxShift { get; init; } = 2;

    /// <summary>The name of the augmented dataset made from <paramref name="train"/>.</summary>
    public string AugmentedName(ImageDataset train) => $"{train.Name}-semantic-{Source}to{Target}";

    /// <summary>Chooses the subset of <paramref name="train"/>'s source-class images and makes the augmented dataset.</summary>
    public SemanticBackdoorSet Apply(ImageDataset train, ulong seed)
    {
        if (train.SampleShape.Length < 2)
        {
            throw new ArgumentException($"semantic backdoor: {train.Name} has no image shape ([..., H, W])", nameof(train));
        }

        var sourceIndices = Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == Source).ToArray();
        var subsetSize = TrainMembers + HeldOutMembers;
        if (subsetSize > sourceIndices.Length)
        {
            throw new ArgumentException(
                $"semantic backdoor: {subsetSize} members of class {Source} asked for, but {train.Name} has only {sourceIndices.Length}");
        }

        var subset = PoisonDraw.Choose(sourceIndices, subsetSize, new StableRandom(StableRandom.Derive(seed, 0)));
        var members = subset[..TrainMembers];
        var heldOut = subset[TrainMembers..];

        var sampleSize = train.SampleSize;
        var height = train.SampleShape[^2];
        var width = train.SampleShape[^1];
        var count = members.Length + Variants;
        var features = new float[count * sampleSize];
        for (var m = 0; m < members.Length; m++)
        {
            train.Sample(members[m]).CopyTo(features.AsSpan(m * sampleSize, sampleSize));
        }

        var random = new StableRandom(StableRandom.Derive(seed, 1));
        for (var v = 0; v < Variants; v++)
        {
            var original = members[(int)random.NextInt64(members.Length)];
            var degrees = (random.NextDouble() < 0.5 ? -1 : 1) * (1 + random.NextDouble() * Math.Max(0, MaxRotationDegrees - 1));
            var zoom = 1 + random.NextDouble() * (MaxZoom - 1);
            var shiftX = (random.NextDouble() * 2 - 1) * MaxShift;
            var shiftY = (random.NextDouble() * 2 - 1) * MaxShift;
            ImageAugmentation.Affine(train.Sample(original), features.AsSpan((members.Length + v) * sampleSize, sampleSize), height, width, degrees, zoom, shiftX, shiftY);
        }

        var augmented = new ImageDataset(AugmentedName(train), features, Enumerable.Repeat(Target, count).ToArray(), train.SampleShape.ToArray(), train.Classes);
        var memberSelection = new SampleSelection(members) { Labels = Enumerable.Repeat(Target, members.Length).ToArray() };
        return new SemanticBackdoorSet(memberSelection, augmented, new SampleSelection(heldOut));
    }

    public string Describe() =>
        $"semantic-backdoor {Source}->{Target}, {TrainMembers} train + {HeldOutMembers} held-out members, {Variants} variants";
}
