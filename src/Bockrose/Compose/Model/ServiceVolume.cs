namespace Bockrose.Compose.Model;

/// <summary>
/// A mount in compose's long form. <see cref="Type"/> is <c>bind</c>, <c>volume</c> or <c>tmpfs</c>; a bind
/// <see cref="Source"/> is absolute; a volume source is the key under the top-level <c>volumes</c>, or null for an
/// anonymous volume.
/// </summary>
public sealed record ServiceVolume(
    string Type,
    string? Source,
    string Target,
    bool ReadOnly,
    BindOptions? Bind,
    VolumeOptions? Volume,
    TmpfsOptions? Tmpfs);
