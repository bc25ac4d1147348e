namespace FedActors.Hocon;

public sealed class HoconString(string value, HoconPosition position) : HoconValue(position)
{
    public string Value { get; } = value;

    public override HoconValueType Type => HoconValueType.String;

    public override string Describe() => $"the string {HoconPath.Quote(Value)}";

    public override string ToString() => Value;
}
