namespace FedActors.Data;

/// <summary>A dataset file: where it lives under the data directory, its size and SHA-256, and where it comes from.</summary>
/// <param name="Path">The path under the data directory, with '/' separators.</param>
/// <param name="Package">The <see cref="DatasetPackage.Spec"/> that carries it.</param>
/// <param name="Member">Its path inside the package tarball.</param>
public sealed record DatasetFile(string Path, long Bytes, string Sha256, string Package, string Member);
