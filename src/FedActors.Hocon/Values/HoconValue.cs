namespace FedActors.Hocon;

/// <summary>A resolved configuration value: an object, array, string, number, boolean or null, with where it was written.</summary>
public abstract class HoconValue
{
    protected HoconValue(HoconPosition position)
    {
        Position = position;
    }

    public HoconPosition Position { get; }

    public abstract HoconValueType Type { get; }

    /// <summary>A short description for error messages, such as <c>the string "ten"</c> or <c>an object</c>.</summary>
    public abstract string Describe();
}
