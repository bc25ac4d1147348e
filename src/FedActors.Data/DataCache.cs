namespace FedActors.Data;

/// <summary>Where datasets live: <c>$FEDACTORS_DATA</c>, or <c>~/.cache/fedactors</c> (what scripts/bootstrap.sh fills).</summary>
public static class DataCache
{
    public const string FetchHint = "fetch it with scripts/bootstrap.sh (or set FEDACTORS_DATA to a directory that has it)";

    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("FEDACTORS_DATA") is { Length: > 0 } explicitDirectory
            ? explicitDirectory
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "fedactors");
}
