namespace FedActors.Simulation.Tests;

public sealed class RoundTrafficTests
{
    [Fact]
    public void For_TenSentEightReceived_CountsFloat32Bytes()
    {
        // Act: 1,000 parameters × 4 bytes, 10 models down, 8 updates up
        var traffic = RoundTraffic.For(modelsSent: 10, updatesReceived: 8, parameters: 1000);

        // Assert
        Assert.Equal(40_000, traffic.BytesDown);
        Assert.Equal(32_000, traffic.BytesUp);
        Assert.Equal(72_000, traffic.Total);
    }

    [Fact]
    public void For_LargeModel_NoOverflow()
    {
        // Act: 100 clients × 10⁹ parameters × 4 bytes
        var traffic = RoundTraffic.For(100, 100, 1_000_000_000);

        // Assert
        Assert.Equal(400_000_000_000L, traffic.BytesDown);
    }
}
