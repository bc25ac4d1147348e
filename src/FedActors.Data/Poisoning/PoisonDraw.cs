using FedActors.Torch;

namespace FedActors.Data;

/// <summary>Shared draws of the poisoning transforms: every choice goes through <see cref="StableRandom"/>, so a seed fixes it.</summary>
internal static class PoisonDraw
{
    /// <summary>The positions in <paramref name="indices"/> whose sample has label <paramref name="label"/>, in order.</summary>
    public static List<int> PositionsOfClass(IReadOnlyList<int> indices, IReadOnlyList<int> labels, int label)
    {
        var positions = new List<int>();
        for (var i = 0; i < indices.Count; i++)
        {
            if (labels[indices[i]] == label)
            {
                positions.Add(i);
            }
        }

        return positions;
    }

    /// <summary><paramref name="count"/> distinct items of <paramref name="items"/>, in a seeded random order.</summary>
    public static int[] Choose(IReadOnlyList<int> items, int count, StableRandom random)
    {
        var shuffled = items.ToArray();
        random.Shuffle(shuffled.AsSpan());
        return shuffled[..count];
    }

    /// <summary><paramref name="fraction"/> of <paramref name="total"/>, rounded half away from zero.</summary>
    public static int Portion(int total, double fraction) => (int)Math.Round(total * fraction, MidpointRounding.AwayFromZero);

    public static void CheckClass(int label, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label, name);
    }

    public static void CheckFraction(double fraction, string name)
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(name, fraction, "a fraction must lie in [0, 1]");
        }
    }
}
