namespace FedActors.Hocon;

public sealed class HoconBoolean(bool value, HoconPosition position) : HoconValue(position)
{
    public bool Value { get; } = value;

    public override HoconValueType Type => HoconValueType.Boolean;

    public override string Describe() => $"the boolean {ToString()}";

    public override string ToString() => Value ? "true" : "false";
}
