using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// Pixel-pattern backdoor (ALGORITHMS.md, Attacks): poisoned copies of a client's samples carry a trigger patch and the
/// label <see cref="Target"/>; the originals stay clean. The default trigger is a 4×4 patch of maximum intensity (1.0)
/// at the bottom-right corner.
/// </summary>
public sealed record PixelBackdoor
{
    public const int DefaultTriggerSize = 4;

    private PixelBackdoor(int target, int? count, double fraction, PixelTrigger? trigger)
    {
        PoisonDraw.CheckClass(target, nameof(target));
        Target = target;
        Count = count;
        Fraction = fraction;
        Trigger = trigger;
    }

    public int Target { get; }

    /// <summary>The number of poisoned copies, when fixed; otherwise <see cref="Fraction"/> of the client's eligible samples.</summary>
    public int? Count { get; }

    public double Fraction { get; }

    /// <summary>The patch painted on the copies; null means <see cref="DefaultTrigger"/> for the dataset's image shape.</summary>
    public PixelTrigger? Trigger { get; }

    /// <summary>Poisons <paramref name="fraction"/> of the client's non-target samples (rounded half away from zero).</summary>
    public static PixelBackdoor WithFraction(int target, double fraction, PixelTrigger? trigger = null)
    {
        PoisonDraw.CheckFraction(fraction, nameof(fraction));
        return new PixelBackdoor(target, null, fraction, trigger);
    }

    /// <summary>Poisons exactly <paramref name="count"/> of the client's non-target samples.</summary>
    public static PixelBackdoor WithCount(int target, int count, PixelTrigger? trigger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new PixelBackdoor(target, count, 0, trigger);
    }

    /// <summary>A <paramref name="size"/>×<paramref name="size"/> patch of <paramref name="value"/> in the bottom-right corner of images shaped [..., H, W].</summary>
    public static PixelTrigger DefaultTrigger(IReadOnlyList<int> sampleShape, int size = DefaultTriggerSize, float value = 1f)
    {
        if (sampleShape.Count < 2)
        {
            throw new ArgumentException($"a pixel trigger needs images shaped [..., H, W], not [{string.Join(", ", sampleShape)}]", nameof(sampleShape));
        }

        var height = sampleShape[^2];
        var width = sampleShape[^1];
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (size > height || size > width)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"the trigger does not fit a {height}x{width} image");
        }

        return new PixelTrigger(height - size, width - size, size, size, value);
    }

    /// <summary>The trigger this backdoor paints on samples of <paramref name="dataset"/>.</summary>
    public PixelTrigger TriggerFor(ImageDataset dataset) => Trigger ?? DefaultTrigger(dataset.SampleShape);

    /// <summary>
    /// The client's samples, unchanged, followed by poisoned copies: duplicates of seed-chosen non-target samples,
    /// flagged triggered and labeled <see cref="Target"/>.
    /// </summary>
    public SampleSelection Apply(ImageDataset dataset, IReadOnlyList<int> indices, ulong seed)
    {
        var eligible = indices.Where(i => dataset.Labels[i] != Target).ToArray();
        var count = Count ?? PoisonDraw.Portion(eligible.Length, Fraction);
        if (count > eligible.Length)
        {
            throw new ArgumentException(
                $"pixel backdoor: {count} poisoned copies asked for, but the client has only {eligible.Length} samples outside the target class {Target}");
        }

        var copies = PoisonDraw.Choose(eligible, count, new StableRandom(seed));
        var all = indices.Concat(copies).ToArray();
        var labels = indices.Select(i => dataset.Labels[i]).Concat(Enumerable.Repeat(Target, copies.Length)).ToArray();
        var triggered = Enumerable.Repeat(false, indices.Count).Concat(Enumerable.Repeat(true, copies.Length)).ToArray();
        return new SampleSelection(all) { Labels = labels, Triggered = triggered, Trigger = TriggerFor(dataset) };
    }

    /// <summary>
    /// Every test sample outside the target class, triggered, with its true label: the attack succeeds where the model
    /// predicts <see cref="Target"/>.
    /// </summary>
    public SampleSelection EvaluationSet(ImageDataset test)
    {
        var indices = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] != Target).ToArray();
        return new SampleSelection(indices) { Triggered = Enumerable.Repeat(true, indices.Length).ToArray(), Trigger = TriggerFor(test) };
    }

    public string Describe() =>
        $"pixel-backdoor -> {Target}, {(Count is { } c ? $"{c} copies" : $"fraction {Fraction}")}, trigger {(Trigger is null ? "4x4 bottom-right 1.0" : Trigger.ToString())}";
}
