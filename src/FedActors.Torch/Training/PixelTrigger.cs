namespace FedActors.Torch;

/// <summary>A backdoor trigger painted on image samples: the rectangle [Top, Top+Height) × [Left, Left+Width) of every channel set to <see cref="Value"/>.</summary>
public sealed record PixelTrigger(int Top, int Left, int Height, int Width, float Value);
