namespace Bock.Host.Containers;

public enum MountKind
{
    Bind,
    Volume,
    Tmpfs,
}

/// <summary>
/// One mount a create request asks for, from Binds, Mounts or Tmpfs. A volume without a source is anonymous: one is
/// made for the container alone.
/// </summary>
public sealed record MountRequest(MountKind Kind, string? Source, string Target, bool ReadOnly, IReadOnlyList<string> Options);
