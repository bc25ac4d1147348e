using FedActors.Torch;

namespace FedActors.Data;

/// <summary>
/// Draws from Dirichlet(α, …, α) through normalized Gamma(α, 1) variates, with every random number from a
/// <see cref="StableRandom"/>.
/// </summary>
/// <remarks>
/// Gamma variates use Marsaglia and Tsang, "A simple method for generating gamma variables" (ACM TOMS 26(3), 2000);
/// shapes below 1 use their boost Gamma(a) = Gamma(a + 1) · U^(1/a). Variates are kept as logarithms so that a tiny
/// α, where U^(1/a) underflows to 0 for every component, still normalizes to a valid (extremely skewed) vector.
/// </remarks>
internal static class Dirichlet
{
    /// <summary>A vector of <paramref name="count"/> non-negative proportions summing to 1, ~ Dir(α, …, α).</summary>
    public static double[] Sample(StableRandom random, double alpha, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var logs = new double[count];
        for (var k = 0; k < count; k++)
        {
            logs[k] = LogGamma(random, alpha);
        }

        var max = logs.Max();
        var proportions = logs.Select(l => Math.Exp(l - max)).ToArray();
        var sum = proportions.Sum();
        for (var k = 0; k < count; k++)
        {
            proportions[k] /= sum;
        }

        return proportions;
    }

    /// <summary>The natural logarithm of a Gamma(<paramref name="shape"/>, 1) variate.</summary>
    public static double LogGamma(StableRandom random, double shape)
    {
        if (!(shape > 0) || double.IsInfinity(shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "gamma shape must be finite and > 0");
        }

        if (shape < 1)
        {
            // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a), in logs.
            return LogGamma(random, shape + 1) + Math.Log(OpenUniform(random)) / shape;
        }

        var d = shape - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = random.NextGaussian();
                v = 1.0 + c * x;
            }
            while (v <= 0);

            v = v * v * v;
            var u = OpenUniform(random);
            var x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.Log(u) < 0.5 * x2 + d * (1.0 - v + Math.Log(v)))
            {
                return Math.Log(d) + Math.Log(v);
            }
        }
    }

    /// <summary>Uniform in (0, 1], safe to take the logarithm of.</summary>
    private static double OpenUniform(StableRandom random) => 1.0 - random.NextDouble();
}
