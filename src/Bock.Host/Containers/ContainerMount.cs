namespace Bock.Host.Containers;

/// <summary>
/// One mount of a container as Docker's inspect shows it (a MountPoint): <c>bind</c>, <c>volume</c> or <c>tmpfs</c>;
/// <see cref="Name"/> is the volume's (null otherwise), <see cref="Source"/> the host path (a volume's <c>_data</c>,
/// empty for tmpfs). Kept on the record so that inspect, and compose's recreate that hands anonymous volumes on, can
/// read what was mounted where.
/// </summary>
public sealed record ContainerMount(string Type, string? Name, string Source, string Destination, bool ReadOnly, string Propagation)
{
    /// <summary>A volume made for this container alone (<c>-v /path</c>, an image VOLUME), or handed on from one that was.</summary>
    public bool Anonymous { get; init; }
}
