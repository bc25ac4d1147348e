namespace FedActors.Hocon;

/// <summary>A string, number, boolean or null written in the file.</summary>
internal sealed class LiteralNode(HoconValue value) : Node(value.Position)
{
    public HoconValue Value { get; } = value;
}
