namespace FedActors.Simulation;

/// <summary>Bytes moved in one round (000 §6.3): the global model down to each selected client, each update up, as float32.</summary>
public sealed record RoundTraffic(long BytesDown, long BytesUp)
{
    public long Total => BytesDown + BytesUp;

    /// <summary>
    /// The traffic of a round that sent the model to <paramref name="modelsSent"/> clients and received
    /// <paramref name="updatesReceived"/> updates of <paramref name="parameters"/> float32 values each.
    /// </summary>
    public static RoundTraffic For(int modelsSent, int updatesReceived, int parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(modelsSent);
        ArgumentOutOfRangeException.ThrowIfNegative(updatesReceived);
        ArgumentOutOfRangeException.ThrowIfNegative(parameters);
        var bytesPerModel = (long)parameters * sizeof(float);
        return new RoundTraffic(modelsSent * bytesPerModel, updatesReceived * bytesPerModel);
    }
}
