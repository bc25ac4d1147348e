namespace FedActors.Torch;

/// <summary>libtorch or the native shim refused an operation; the message is the shim's (the process carries on).</summary>
public sealed class TorchException(string message) : Exception(message);
