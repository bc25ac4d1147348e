using FedActors.Torch;

namespace FedActors.Data.Tests.Poisoning;

/// <summary>Small datasets with known labels for the poisoning tests: sample i has label i mod 10 and seeded pixels in [0, 1].</summary>
internal static class SyntheticData
{
    public static ImageDataset Images(int count = 200, int side = 28, int channels = 1, string name = "synthetic")
    {
        var random = new StableRandom(7);
        var size = channels * side * side;
        var features = new float[count * size];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)random.NextDouble();
        }

        var labels = Enumerable.Range(0, count).Select(i => i % 10).ToArray();
        return new ImageDataset(name, features, labels, [channels, side, side], 10);
    }
}
