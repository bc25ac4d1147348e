using FedActors.Actors;
using FedActors.Torch;

namespace FedActors.Simulation;

/// <summary>A training job sent to the <see cref="TrainerPool"/> for a client that still owes the aggregator an update.</summary>
/// <param name="ReplyTo">Who gets the <see cref="UpdateSubmitted"/> (the aggregator).</param>
/// <param name="Global">The global model the update is measured from.</param>
internal sealed record PendingTraining(int ClientId, IActorRef ReplyTo, TrainRequest Request, float[] Global)
{
    /// <summary>
    /// The update Δ = trained − global: computed in place when <paramref name="trained"/> is a pooled array (a
    /// <see cref="TorchTrainer"/>'s result, owned by this client), so an update costs no copy; otherwise in a new array.
    /// </summary>
    public float[] Delta(float[] trained)
    {
        if (trained.Length != Global.Length)
        {
            throw new InvalidOperationException($"client {ClientId}, round {Request.Round}: the trained state has {trained.Length} values, the global model {Global.Length}");
        }

        var delta = VectorPool.IsRented(trained) && !ReferenceEquals(trained, Global) ? trained : new float[trained.Length];
        TensorMath.Subtract(trained, Global, delta);
        return delta;
    }

    /// <summary>The reply to the aggregator carrying <paramref name="update"/>, trained on <paramref name="numSamples"/> samples.</summary>
    public UpdateSubmitted Submission(long numSamples, float[] update) =>
        new(Request.Round, Request.RequestId, ClientId, numSamples, update) { Sha256 = ModelHash.Sha256(update) };

    /// <summary>The reply carrying <paramref name="update"/> masked as every client masks what it submits (<see cref="LaplaceMasking"/>).</summary>
    public UpdateSubmitted MaskedSubmission(long numSamples, float[] update, MaskingSettings masking, ulong runSeed)
    {
        var masked = LaplaceMasking.Mask(update, masking.LaplaceB, LaplaceMasking.Seed(runSeed, Request.Round, ClientId));
        if (!ReferenceEquals(masked, update))
        {
            VectorPool.Release(update);
        }

        return Submission(numSamples, masked);
    }
}
