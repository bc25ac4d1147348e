namespace FedActors.Torch;

/// <summary>The models of the papers, by name (<c>model.name</c> in the configuration).</summary>
public static class ModelZoo
{
    public static IReadOnlyList<string> Names { get; } =
        new[] { "mlp", "cnn-mnist", "cnn-sniper", "pdgan-discriminator", "pdgan-generator", "kdd-fc", "resnet18-light" };

    /// <summary>A zoo model; unknown names fail with the list of known ones.</summary>
    /// <param name="inputShape">Overrides the model's usual input (e.g. 3x32x32 for CIFAR-10 images).</param>
    /// <param name="classes">Number of classes (the PDGAN discriminator adds one "fake" output).</param>
    /// <param name="hidden">Hidden layer widths of <c>mlp</c>.</param>
    public static ModelSpec Create(string name, int[]? inputShape = null, int? classes = null, int[]? hidden = null) => name switch
    {
        "mlp" => Mlp(inputShape ?? new[] { 1, 28, 28 }, hidden ?? new[] { 200 }, classes ?? 10),
        "cnn-mnist" => CnnMnist(inputShape ?? new[] { 1, 28, 28 }, classes ?? 10),
        "cnn-sniper" => CnnSniper(inputShape ?? new[] { 1, 28, 28 }, classes ?? 2),
        "pdgan-discriminator" => PdganDiscriminator(inputShape ?? new[] { 1, 32, 32 }, classes ?? 10),
        "pdgan-generator" => PdganGenerator(noise: inputShape is { Length: 1 } ? inputShape[0] : 100),
        "kdd-fc" => KddFc(inputShape is { Length: 1 } ? inputShape[0] : 122, classes ?? 23),
        "resnet18-light" => Resnet18Light(inputShape ?? new[] { 3, 32, 32 }, classes ?? 10),
        _ => throw new ArgumentException($"unknown model '{name}'; the zoo has: {string.Join(", ", Names)}", nameof(name)),
    };

    public static ModelSpec Mlp(int[] inputShape, int[] hidden, int classes)
    {
        var builder = new ModelSpecBuilder(inputShape);
        if (inputShape.Length > 1)
        {
            builder.Flatten();
        }

        foreach (var width in hidden)
        {
            builder.Linear(width).Relu();
        }

        return builder.Linear(classes).Build("mlp");
    }

    /// <summary>
    /// The MNIST CNN of papers 000 §6.2 and 004 §5.1: 5x5 convolutions of 32 and 64 channels ("same" padding), each
    /// followed by 2x2 max pooling, a fully connected layer of 512 and the output layer: 1,663,370 parameters.
    /// </summary>
    public static ModelSpec CnnMnist(int[] inputShape, int classes) =>
        new ModelSpecBuilder(inputShape)
            .Conv2d(32, 5, padding: 2).Relu().MaxPool2d(2)
            .Conv2d(64, 5, padding: 2).Relu().MaxPool2d(2)
            .Flatten().Linear(512).Relu()
            .Linear(classes)
            .Build("cnn-mnist");

    /// <summary>
    /// Paper 001 Table I: four 5x5 convolutions of 32, 64, 128 and 256 channels with ReLU, then a fully connected
    /// layer to 2 classes (the binary source/target task). Reading: the table names no padding or pooling, so the
    /// convolutions are unpadded with stride 1 (28 → 24 → 20 → 16 → 12) and there is no pooling.
    /// </summary>
    public static ModelSpec CnnSniper(int[] inputShape, int classes) =>
        new ModelSpecBuilder(inputShape)
            .Conv2d(32, 5).Relu()
            .Conv2d(64, 5).Relu()
            .Conv2d(128, 5).Relu()
            .Conv2d(256, 5).Relu()
            .Flatten().Linear(classes)
            .Build("cnn-sniper");

    /// <summary>
    /// Paper 002 Table 1, the discriminator (the global model of PDGAN) on 32x32 inputs with C + 1 outputs (the last
    /// is "fake"). Reading of the garbled table: 4x4 convolutions of stride 2 (padding 1) to 64x16x16, 64x8x8 and
    /// 64x4x4, then 3x3 convolutions of stride 1 to 128x4x4 (padding 1), 128x4x4 (padding 1) and 128x2x2 (no
    /// padding), batch norm after the 2nd to 5th, LeakyReLU(0.2) throughout, 2x2 average pooling and a fully
    /// connected layer. The paper's dropout is left out: it would draw from libtorch's global generator and break
    /// determinism.
    /// </summary>
    public static ModelSpec PdganDiscriminator(int[] inputShape, int classes) =>
        new ModelSpecBuilder(inputShape)
            .Conv2d(64, 4, stride: 2, padding: 1).LeakyRelu(0.2)
            .Conv2d(64, 4, stride: 2, padding: 1).BatchNorm().LeakyRelu(0.2)
            .Conv2d(64, 4, stride: 2, padding: 1).BatchNorm().LeakyRelu(0.2)
            .Conv2d(128, 3, padding: 1).BatchNorm().LeakyRelu(0.2)
            .Conv2d(128, 3, padding: 1).BatchNorm().LeakyRelu(0.2)
            .Conv2d(128, 3).LeakyRelu(0.2)
            .AvgPool2d(2).Flatten().Linear(classes + 1)
            .Build("pdgan-discriminator");

    /// <summary>
    /// Paper 002 Table 1, the generator: a noise vector of 100 to a 1x32x32 image. Reading: 4x4 transposed
    /// convolutions 100 → 256x4x4 (stride 1), → 128x8x8, → 64x16x16 (stride 2, padding 1), each with batch norm and
    /// LeakyReLU(0.2), then → 1x32x32 with Tanh. Its "classes" are the 1,024 output pixels. Reading: the paper names no
    /// pixel range; the data keeps the [0, 1] every client trains the discriminator (the global model) on, and Tanh's
    /// [−1, 1] covers it (a negative pixel only tells the discriminator that a sample is fake).
    /// </summary>
    public static ModelSpec PdganGenerator(int noise) =>
        new ModelSpecBuilder(noise)
            .Unflatten(noise, 1, 1)
            .ConvTranspose2d(256, 4).BatchNorm().LeakyRelu(0.2)
            .ConvTranspose2d(128, 4, stride: 2, padding: 1).BatchNorm().LeakyRelu(0.2)
            .ConvTranspose2d(64, 4, stride: 2, padding: 1).BatchNorm().LeakyRelu(0.2)
            .ConvTranspose2d(1, 4, stride: 2, padding: 1).Tanh()
            .Flatten()
            .Build("pdgan-generator");

    /// <summary>The KDDCup99 model: batch norm over the encoded features (122 after one-hot encoding) and one fully connected layer to 23 classes.</summary>
    public static ModelSpec KddFc(int features, int classes) =>
        new ModelSpecBuilder(features).BatchNorm().Linear(classes).Build("kdd-fc");

    /// <summary>
    /// ResNet-18 for CIFAR-10 at a quarter of the width: a 3x3 stem of 16 channels, four stages of two basic blocks
    /// (16, 32, 64, 128 channels; stride 2 from the second stage), global average pooling and a linear layer.
    /// </summary>
    public static ModelSpec Resnet18Light(int[] inputShape, int classes)
    {
        var builder = new ModelSpecBuilder(inputShape).Conv2d(16, 3, padding: 1).BatchNorm().Relu();
        foreach (var (channels, stride) in new[] { (16, 1), (32, 2), (64, 2), (128, 2) })
        {
            builder.ResBlock(channels, stride).ResBlock(channels);
        }

        return builder.GlobalAvgPool2d().Flatten().Linear(classes).Build("resnet18-light");
    }
}
