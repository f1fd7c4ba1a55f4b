namespace Bock.Images.Registry;

/// <summary>A failed registry operation: which registry, which repository, and why.</summary>
public sealed class RegistryException(string registry, string? repository, RegistryErrorKind kind, string reason, Exception? inner = null)
    : Exception($"registry {registry}" + (repository is null ? "" : $", repository {repository}") + $": {reason}", inner)
{
    public string Registry { get; } = registry;
    public string? Repository { get; } = repository;
    public RegistryErrorKind Kind { get; } = kind;
    public string Reason { get; } = reason;
}
