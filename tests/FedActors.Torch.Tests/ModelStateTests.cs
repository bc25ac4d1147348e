namespace FedActors.Torch.Tests;

public sealed class ModelStateTests
{
    [Fact]
    public void SetState_ThenGetState_RoundTrips()
    {
        // Arrange
        using var model = TorchModel.Create(ModelZoo.Create("cnn-mnist"));
        var state = model.InitialState(seed: 7);

        // Act
        model.SetState(state);
        var read = model.GetState();

        // Assert
        Assert.Equal(state, read);
    }

    [Fact]
    public void InitialState_SameSeed_IsIdentical_OtherSeed_Differs()
    {
        using var model = TorchModel.Create(ModelZoo.Create("mlp"));

        Assert.Equal(model.InitialState(1), model.InitialState(1));
        Assert.NotEqual(model.InitialState(1), model.InitialState(2));
    }

    [Fact]
    public void InitialState_Weights_StayWithinPyTorchsDefaultBound()
    {
        // Arrange: the first segment of the MLP is the 784 -> 200 weight: bound 1/sqrt(784) = 1/28.
        using var model = TorchModel.Create(ModelZoo.Create("mlp"));

        // Act
        var state = model.InitialState(3);
        var weights = state.AsSpan(0, 784 * 200).ToArray();

        // Assert
        Assert.Equal(StateSegmentKind.Weight, model.Segments[0].Kind);
        Assert.Equal(784, model.Segments[0].FanIn);
        Assert.All(weights, w => Assert.InRange(w, -1f / 28, 1f / 28));
        Assert.True(weights.Max() > 0.9f / 28 && weights.Min() < -0.9f / 28, "the draw should span the bound");
    }

    [Fact]
    public void InitialState_BatchNorm_StartsAtIdentity()
    {
        using var model = TorchModel.Create(ModelZoo.Create("kdd-fc"));

        var state = model.InitialState(5);

        // batch norm scale (ones), shift (zeros) come first; running mean (zeros) and variance (ones) last.
        Assert.All(state.AsSpan(0, 122).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(state.AsSpan(122, 122).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(state.AsSpan(state.Length - 244, 122).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(state.AsSpan(state.Length - 122, 122).ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void SetState_WrongLength_ThrowsTorchExceptionAndTheModelStillWorks()
    {
        // Arrange
        using var model = TorchModel.Create(ModelZoo.Create("mlp"));
        var state = model.Initialize(1);

        // Act
        var error = Assert.Throws<TorchException>(() => model.SetState(new float[10]));

        // Assert: the shim reported the mismatch, and the process and model carry on.
        Assert.Contains("state vector has length 10, the model needs 159010", error.Message);
        Assert.Equal(state, model.GetState());
    }

    [Fact]
    public void Device_CudaWithoutGpu_IsAClearError()
    {
        if (TorchRuntime.CudaDeviceCount > 0)
        {
            // On a machine with a GPU the device is valid; the CPU-only message cannot be observed there.
            Assert.True(TorchDevice.Parse("cuda").IsCuda);
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => TorchDevice.Parse("cuda:0"));

        Assert.Contains("libtorch sees no CUDA device", error.Message);
    }

    [Fact]
    public void Device_UnknownName_IsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() => TorchDevice.Parse("tpu"));

        Assert.Contains("unknown device 'tpu'", error.Message);
    }
}
