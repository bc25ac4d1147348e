namespace FedActors.Hocon;

public sealed class HoconNull(HoconPosition position) : HoconValue(position)
{
    public override HoconValueType Type => HoconValueType.Null;

    public override string Describe() => "null";

    public override string ToString() => "null";
}
