namespace FedActors.Simulation;

/// <summary>
/// Model replacement by scaling (Bagdasaryan et al., paper 000 Eq. 1): the attacker submits
/// L = γ(X − G) + G, i.e. the update Δ = γ(X − G), so that averaging over n clients with server rate η replaces
/// the global model by X when γ = n/η.
/// </summary>
public static class ModelReplacement
{
    /// <summary>The submitted update γ·δ (000 Eq. 1 with δ = X − G), computed per coordinate in double.</summary>
    public static float[] Scale(ReadOnlySpan<float> delta, double gamma)
    {
        if (!double.IsFinite(gamma))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "the scale γ must be finite");
        }

        var result = new float[delta.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (float)(gamma * delta[i]);
        }

        return result;
    }

    /// <summary>
    /// The γ of 000 Eq. 1 that makes the attacker's model replace the global one: n/η, n the clients aggregated
    /// per round and η the server's learning rate.
    /// </summary>
    public static double AutoGamma(int clientsAggregated, double serverLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clientsAggregated, 1);
        if (!(serverLearningRate > 0) || double.IsInfinity(serverLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(serverLearningRate), serverLearningRate, "the server learning rate η must be positive");
        }

        return clientsAggregated / serverLearningRate;
    }
}
