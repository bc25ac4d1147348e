namespace FedActors.Hocon;

public sealed class HoconArray(IReadOnlyList<HoconValue> items, HoconPosition position) : HoconValue(position)
{
    public IReadOnlyList<HoconValue> Items { get; } = items;

    public override HoconValueType Type => HoconValueType.Array;

    public override string Describe() => Items.Count == 0 ? "an empty array" : $"an array of {Items.Count}";
}
