namespace FedActors.Torch;

/// <summary>
/// A model as a layer list: its name, the shape of one input sample, its number of outputs and the layer lines the
/// native shim builds it from (one per line, e.g. <c>conv2d 1 32 5 1 2</c>; see native/model.cpp).
/// </summary>
public sealed record ModelSpec(string Name, IReadOnlyList<int> InputShape, int Classes, IReadOnlyList<string> Layers)
{
    /// <summary>The text the shim parses.</summary>
    public string ToNative() => string.Join('\n', Layers);

    /// <summary>Name and layers: equal for specs that build the same model (the layer lists compare by reference in the record's equality).</summary>
    internal string Identity => Name + "\n" + ToNative();

    public override string ToString() => $"{Name} (input {string.Join('x', InputShape)}, {Classes} outputs, {Layers.Count} layers)";
}
