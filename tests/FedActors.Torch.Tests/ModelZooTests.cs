namespace FedActors.Torch.Tests;

public sealed class ModelZooTests
{
    // Expected counts are worked out by hand from each architecture (weights + biases; batch-norm scale and shift).
    [Theory]
    [InlineData("mlp", 159_010L)]                      // 784·200+200 + 200·10+10
    [InlineData("cnn-mnist", 1_663_370L)]              // papers 000 §6.2, 004 §5.1
    [InlineData("cnn-sniper", 1_150_210L)]             // 832 + 51,264 + 204,928 + 819,456 + (256·12·12·2+2)
    [InlineData("pdgan-discriminator", 503_499L)]      // 11 outputs for 10 classes + fake
    [InlineData("pdgan-generator", 1_067_329L)]
    [InlineData("kdd-fc", 3_073L)]                     // 122·2 + 122·23+23
    [InlineData("resnet18-light", 701_482L)]
    public void Create_ZooModel_HasTheExpectedParameterCount(string name, long expected)
    {
        // Act
        using var model = TorchModel.Create(ModelZoo.Create(name));

        // Assert
        Assert.Equal(expected, model.ParameterCount);
    }

    [Fact]
    public void StateLength_BatchNormModel_AddsRunningStatistics()
    {
        using var model = TorchModel.Create(ModelZoo.Create("kdd-fc"));

        // Running mean and variance of 122 features follow the 3,073 parameters.
        Assert.Equal(3_073L + 2 * 122, model.StateLength);
    }

    [Fact]
    public void Create_UnknownName_ListsTheZoo()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelZoo.Create("lenet"));

        Assert.Contains("unknown model 'lenet'", error.Message);
        Assert.Contains("cnn-mnist", error.Message);
    }

    [Fact]
    public void Create_BadNativeSpec_ThrowsTorchExceptionWithTheShimsMessage()
    {
        // Arrange: a layer line with too few numbers, as a hand-written spec might have.
        var spec = new ModelSpec("broken", new[] { 4 }, 2, new[] { "linear 4" });

        // Act
        var error = Assert.Throws<TorchException>(() => TorchModel.Create(spec));

        // Assert
        Assert.Contains("'linear' takes 2 integer(s), got 1", error.Message);
    }

    [Fact]
    public void Create_UnknownLayer_ThrowsTorchException()
    {
        var spec = new ModelSpec("broken", new[] { 4 }, 2, new[] { "linear 4 2", "softplus" });

        var error = Assert.Throws<TorchException>(() => TorchModel.Create(spec));

        Assert.Contains("unknown layer 'softplus'", error.Message);
    }

    [Fact]
    public void Builder_LinearOnImage_RequiresFlatten()
    {
        var error = Assert.Throws<ArgumentException>(() => new ModelSpecBuilder(1, 28, 28).Linear(10));

        Assert.Contains("add Flatten() first", error.Message);
    }
}
