using System.Buffers.Binary;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>PDGAN's pure parts (002 Alg. 1, lines 5 and 8–22): the discriminator's start, labelling by majority, the audit and the flagging rule, and the generator's state as bytes.</summary>
public static class PdganLogic
{
    /// <summary>The random stream of the stage's draws (generator initialization, GAN batches, generated samples, auxiliary subset).</summary>
    public const long Stream = 0x5044_4741; // "PDGA"

    /// <summary>
    /// D_t = w_t + (1/N) Σ_k δ_k (Alg. 1, line 5): the global model moved by the plain mean of the kept updates; the
    /// global model itself when there are none.
    /// </summary>
    public static float[] Discriminator(float[] global, IReadOnlyList<float[]> updates)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(updates);
        var result = (float[])global.Clone();
        if (updates.Count == 0)
        {
            return result;
        }

        for (var d = 0; d < result.Length; d++)
        {
            var sum = 0.0;
            foreach (var update in updates)
            {
                sum += update[d];
            }

            result[d] = (float)(global[d] + (sum / updates.Count));
        }

        return result;
    }

    /// <summary>
    /// Each sample's predicted class: the argmax of its first <paramref name="realClasses"/> outputs (the last, "fake"
    /// output is left out, since every generated sample needs a real label); ties go to the lower class.
    /// </summary>
    public static int[] Predict(ReadOnlySpan<float> logits, int samples, int outputs, int realClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(realClasses, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(realClasses, outputs);
        if (logits.Length != samples * outputs)
        {
            throw new ArgumentException($"{logits.Length} outputs are not {samples} samples of {outputs}", nameof(logits));
        }

        var labels = new int[samples];
        for (var n = 0; n < samples; n++)
        {
            var row = logits.Slice(n * outputs, outputs);
            var best = 0;
            for (var c = 1; c < realClasses; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            labels[n] = best;
        }

        return labels;
    }

    /// <summary>Alg. 1, line 14: each sample's label is the one most of the models predicted; a tie goes to the lowest of the tied labels.</summary>
    /// <param name="predictions">predictions[k][n]: model k's label for sample n.</param>
    public static int[] MajorityLabels(IReadOnlyList<int[]> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (predictions.Count == 0)
        {
            return [];
        }

        var samples = predictions[0].Length;
        var truth = new int[samples];
        var counts = new Dictionary<int, int>();
        for (var n = 0; n < samples; n++)
        {
            counts.Clear();
            foreach (var model in predictions)
            {
                counts[model[n]] = counts.GetValueOrDefault(model[n]) + 1;
            }

            truth[n] = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
        }

        return truth;
    }

    /// <summary>Alg. 1, line 15: a_k, the share of samples model k labels as <paramref name="truth"/> does (0 with no samples).</summary>
    public static double[] Accuracies(IReadOnlyList<int[]> predictions, int[] truth)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(truth);
        return predictions
            .Select(p => truth.Length == 0 ? 0.0 : (double)p.Zip(truth).Count(x => x.First == x.Second) / truth.Length)
            .ToArray();
    }

    /// <summary>
    /// The accuracy a client needs to be kept (Alg. 1, line 18: a_k ≥ η): η itself, or η times the median of the
    /// accuracies (the mean of the middle two for an even count) in relative mode.
    /// </summary>
    public static double Cutoff(IReadOnlyList<double> accuracies, double threshold, PdganThresholdMode mode)
    {
        ArgumentNullException.ThrowIfNull(accuracies);
        if (mode == PdganThresholdMode.Absolute || accuracies.Count == 0)
        {
            return threshold;
        }

        var sorted = accuracies.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return threshold * median;
    }

    /// <summary>True for each client to drop: a_k below the <see cref="Cutoff"/>.</summary>
    public static bool[] Flag(IReadOnlyList<double> accuracies, double threshold, PdganThresholdMode mode)
    {
        var cutoff = Cutoff(accuracies, threshold, mode);
        return accuracies.Select(a => a < cutoff).ToArray();
    }

    /// <summary>
    /// The generator for <paramref name="model"/>'s inputs: 002 Table 1's (noise → 1×32×32, tanh) for 32×32 images;
    /// for any other input shape (the tests' synthetic vectors) a small MLP, noise → 128 (batch norm, LeakyReLU 0.2) →
    /// the flattened input, tanh.
    /// </summary>
    public static ModelSpec GeneratorFor(ModelSpec model, int noiseDim)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.InputShape.SequenceEqual([1, 32, 32]))
        {
            return ModelZoo.PdganGenerator(noiseDim);
        }

        var size = model.InputShape.Aggregate(1, (a, b) => checked(a * b));
        return new ModelSpecBuilder(noiseDim).Linear(128).BatchNorm().LeakyRelu(0.2).Linear(size).Tanh().Build("pdgan-generator-mlp");
    }

    /// <summary>The generator's state as bytes: its length, then float32 values, little-endian.</summary>
    public static byte[] EncodeState(float[] generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var bytes = new byte[4 + (generator.Length * 4)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, generator.Length);
        for (var i = 0; i < generator.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 + (i * 4)), generator[i]);
        }

        return bytes;
    }

    /// <summary>The generator state <see cref="EncodeState"/> wrote; a malformed state is an error (it fails the stage).</summary>
    public static float[] DecodeState(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var length = bytes.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        if (length < 0 || bytes.Length != 4 + ((long)length * 4))
        {
            throw new InvalidDataException($"the pdgan generator state is malformed ({bytes.Length} bytes)");
        }

        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 + (i * 4)));
        }

        return values;
    }
}
