using FedActors.Data;

namespace FedActors.Torch.Tests;

public sealed class GanTrainingTests
{
    [Fact]
    public void Train_SameSeed_GivesIdenticalNetworks_AndFiniteLosses()
    {
        // Arrange: 64 MNIST digits padded to 32x32 as the auxiliary real data (PDGAN's input size).
        var mnist = MnistLoader.Load(train: true);
        var padded = Pad(mnist, 64);
        using var auxiliary = TorchDataset.Create("aux", padded, new[] { 1, 32, 32 }, mnist.Labels.AsSpan(0, 64), 10);
        var options = new GanOptions { Steps = 3, BatchSize = 8 };

        (float[] Generator, float[] Discriminator, (double, double) Losses) Run()
        {
            using var generator = TorchModel.Create(ModelZoo.Create("pdgan-generator"));
            using var discriminator = TorchModel.Create(ModelZoo.Create("pdgan-discriminator"));
            generator.Initialize(1);
            discriminator.Initialize(2);
            var losses = GanTraining.Train(generator, discriminator, auxiliary, options, seed: 3);
            return (generator.GetState(), discriminator.GetState(), losses);
        }

        // Act
        var first = Run();
        var second = Run();

        // Assert
        Assert.Equal(first.Generator, second.Generator);
        Assert.Equal(first.Discriminator, second.Discriminator);
        Assert.True(double.IsFinite(first.Losses.Item1) && first.Losses.Item1 > 0);
        Assert.True(double.IsFinite(first.Losses.Item2) && first.Losses.Item2 > 0);
    }

    [Fact]
    public void Generate_ProducesImagesInTanhRange()
    {
        using var generator = TorchModel.Create(ModelZoo.Create("pdgan-generator"));
        generator.Initialize(1);

        var images = GanTraining.Generate(generator, count: 5, noiseDim: 100, seed: 9);

        Assert.Equal(5 * 32 * 32, images.Length);
        Assert.All(images, v => Assert.InRange(v, -1f, 1f));
    }

    private static float[] Pad(ImageDataset data, int count)
    {
        var padded = new float[count * 32 * 32];
        for (var i = 0; i < count; i++)
        {
            var sample = data.Sample(i);
            for (var row = 0; row < 28; row++)
            {
                sample.Slice(row * 28, 28).CopyTo(padded.AsSpan(i * 1024 + (row + 2) * 32 + 2, 28));
            }
        }

        return padded;
    }
}
