using FedActors.Torch.Interop;

namespace FedActors.Torch;

/// <summary>Settings of PDGAN's server-side GAN training.</summary>
public sealed record GanOptions
{
    /// <summary>Alternating discriminator/generator updates per call.</summary>
    public int Steps { get; init; } = 50;

    public int BatchSize { get; init; } = 32;

    public int NoiseDim { get; init; } = 100;

    public double LearningRate { get; init; } = 2e-4;

    public double AdamBeta1 { get; init; } = 0.5;

    public double AdamBeta2 { get; init; } = 0.999;
}

/// <summary>
/// PDGAN's GAN (paper 002 Alg. 1, line 6): the global model, with C + 1 outputs, is the discriminator; it learns the
/// auxiliary real samples as their classes and generated samples as class C, and the generator learns to make it call
/// its output real. Batches and noise are drawn in C# from the seed, so the same call gives the same networks.
/// </summary>
public static unsafe class GanTraining
{
    /// <returns>The mean discriminator and generator losses over the steps.</returns>
    public static (double DiscriminatorLoss, double GeneratorLoss) Train(TorchModel generator, TorchModel discriminator, TorchDataset auxiliary, GanOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(auxiliary);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 2);
        if (generator.Spec.Classes != auxiliary.SampleShape.Aggregate(1, (a, b) => a * b))
        {
            throw new ArgumentException($"the generator makes {generator.Spec.Classes} values per sample, the auxiliary samples have {string.Join('x', auxiliary.SampleShape)}");
        }

        var random = new StableRandom(seed);
        var indices = new long[options.Steps * options.BatchSize];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = random.NextInt64(auxiliary.Count);
        }

        var noise = Noise(random, options.Steps * options.BatchSize * options.NoiseDim);
        var native = new FedTorch.GanOptions
        {
            Steps = options.Steps,
            BatchSize = options.BatchSize,
            NoiseDim = options.NoiseDim,
            FakeClass = discriminator.Spec.Classes - 1,
            LearningRate = options.LearningRate,
            AdamBeta1 = options.AdamBeta1,
            AdamBeta2 = options.AdamBeta2,
        };
        fixed (long* i = indices)
        fixed (float* z = noise)
        {
            FedTorch.Check(FedTorch.ft_gan_train(generator.Handle, discriminator.Handle, auxiliary.Handle, i, z, &native, out var dLoss, out var gLoss));
            return (dLoss, gLoss);
        }
    }

    /// <summary><paramref name="count"/> generated samples (flat, one after another) from noise drawn with <paramref name="seed"/>.</summary>
    public static float[] Generate(TorchModel generator, int count, int noiseDim, ulong seed) =>
        generator.Forward(Noise(new StableRandom(seed), count * noiseDim), count);

    /// <summary>Standard normal values (Box–Muller).</summary>
    private static float[] Noise(StableRandom random, int count) => Array.ConvertAll(random.StandardNormals(count), v => (float)v);
}
