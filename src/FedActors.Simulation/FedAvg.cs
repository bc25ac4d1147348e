using System.Numerics;
using System.Runtime.InteropServices;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>
/// Federated averaging of updates (McMahan et al. 2017): w_{t+1} = w_t + η_g Σ_k a_k Δ_k, where a_k ∝ n_k·v_k
/// (<see cref="Weighting.Samples"/>) or a_k ∝ v_k (<see cref="Weighting.Uniform"/>), v_k being the defense pipeline's
/// weight (0: dropped), and Σ a_k = 1.
/// </summary>
public static class FedAvg
{
    /// <summary>Values per core below which <see cref="Aggregate"/> sums on the calling thread alone.</summary>
    private const int ParallelLength = 65_536;

    /// <summary>The normalized coefficients a_k; all zero when every client was dropped.</summary>
    public static double[] Coefficients(IReadOnlyList<long> sampleCounts, IReadOnlyList<double> weights, Weighting weighting = Weighting.Samples)
    {
        if (sampleCounts.Count != weights.Count)
        {
            throw new ArgumentException($"{sampleCounts.Count} sample counts for {weights.Count} weights", nameof(weights));
        }

        var a = new double[weights.Count];
        double sum = 0;
        for (var k = 0; k < a.Length; k++)
        {
            if (!(weights[k] >= 0) || double.IsInfinity(weights[k]))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weights[k], $"weight of update {k} must be finite and non-negative");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(sampleCounts[k], nameof(sampleCounts));
            a[k] = weighting == Weighting.Samples ? sampleCounts[k] * weights[k] : weights[k];
            sum += a[k];
        }

        if (sum > 0)
        {
            for (var k = 0; k < a.Length; k++)
            {
                a[k] /= sum;
            }
        }

        return a;
    }

    /// <summary>The new global model; a copy of <paramref name="global"/> when every update was dropped.</summary>
    public static float[] Aggregate(
        float[] global,
        IReadOnlyList<float[]> updates,
        IReadOnlyList<long> sampleCounts,
        IReadOnlyList<double> weights,
        Weighting weighting = Weighting.Samples,
        double serverLearningRate = 1.0)
    {
        ArgumentNullException.ThrowIfNull(global);
        if (updates.Count != weights.Count)
        {
            throw new ArgumentException($"{updates.Count} updates for {weights.Count} weights", nameof(weights));
        }

        if (!(serverLearningRate > 0) || double.IsInfinity(serverLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(serverLearningRate), serverLearningRate, "must be positive");
        }

        var a = Coefficients(sampleCounts, weights, weighting);
        for (var k = 0; k < updates.Count; k++)
        {
            if (updates[k].Length != global.Length)
            {
                throw new ArgumentException($"update {k} has dimension {updates[k].Length}, the model {global.Length}", nameof(updates));
            }
        }

        // Block by block, so that the double sums stay in cache; each value is summed over the updates in order,
        // as a single pass over the whole vector would sum it. A long vector's blocks are shared out among the cores
        // (the round waits for this sum, with the trainer threads idle): every value is summed the same way whichever
        // core sums it, so the result does not depend on the sharing.
        var result = new float[global.Length];
        var blocks = (global.Length + TensorMath.BlockLength - 1) / TensorMath.BlockLength;
        var parts = Math.Clamp(global.Length / ParallelLength, 1, Environment.ProcessorCount);
        if (parts == 1)
        {
            SumBlocks(0, blocks);
        }
        else
        {
            Parallel.For(0, parts, part => SumBlocks(blocks * part / parts, blocks * (part + 1) / parts));
        }

        return result;

        void SumBlocks(int firstBlock, int endBlock)
        {
            Span<double> sum = stackalloc double[TensorMath.BlockLength];
            var end = Math.Min(endBlock * TensorMath.BlockLength, global.Length);
            for (var start = firstBlock * TensorMath.BlockLength; start < end; start += TensorMath.BlockLength)
            {
                var length = Math.Min(TensorMath.BlockLength, global.Length - start);
                var block = sum[..length];
                block.Clear();
                for (var k = 0; k < updates.Count; k++)
                {
                    if (a[k] != 0)
                    {
                        TensorMath.AddScaled(block, a[k], updates[k].AsSpan(start, length));
                    }
                }

                Step(global.AsSpan(start, length), serverLearningRate, block, result.AsSpan(start, length));
            }
        }
    }

    /// <summary>result[i] = (float)(global[i] + rate · sum[i]).</summary>
    private static void Step(ReadOnlySpan<float> global, double rate, ReadOnlySpan<double> sum, Span<float> result)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var scale = new Vector<double>(rate);
            var sums = MemoryMarshal.Cast<double, Vector<double>>(sum);
            var globals = MemoryMarshal.Cast<float, Vector<float>>(global);
            var results = MemoryMarshal.Cast<float, Vector<float>>(result);
            for (var v = 0; v < globals.Length; v++)
            {
                Vector.Widen(globals[v], out var low, out var high);
                results[v] = Vector.Narrow(low + scale * sums[2 * v], high + scale * sums[2 * v + 1]);
            }

            i = globals.Length * Vector<float>.Count;
        }

        for (; i < result.Length; i++)
        {
            result[i] = (float)(global[i] + rate * sum[i]);
        }
    }
}
