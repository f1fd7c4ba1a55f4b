namespace Bockrose.Compose.Model;

/// <summary>Resource limits or reservations: CPUs as a fraction of cores, memory in bytes.</summary>
public sealed record ResourceSet(double? Cpus, long? MemoryBytes, long? Pids);
