namespace FedActors.Actors;

/// <summary>A scheduled delivery that can be cancelled.</summary>
public interface ICancelable
{
    void Cancel();

    bool IsCancellationRequested { get; }
}
