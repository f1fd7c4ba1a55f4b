using Microsoft.Win32.SafeHandles;

namespace Bock.Images.Layers.Writing;

/// <summary>
/// One tar entry as the layer writer emits it: names and link targets as raw bytes (Linux names need not be UTF-8),
/// the type as the tar type flag, and for a regular file its opened content (owned by the entry's consumer).
/// </summary>
internal sealed record LayerTarEntry(byte[] Path, byte TypeFlag, uint Mode, long Uid, long Gid, long MTime)
{
    public const byte RegularFile = (byte)'0', HardLink = (byte)'1', Symlink = (byte)'2', CharacterDevice = (byte)'3',
        BlockDevice = (byte)'4', Directory = (byte)'5', Fifo = (byte)'6';

    public long Size { get; init; }
    public byte[]? LinkName { get; init; }
    public uint DevMajor { get; init; }
    public uint DevMinor { get; init; }
    public IReadOnlyList<(byte[] Name, byte[] Value)> Xattrs { get; init; } = [];
    public SafeFileHandle? Content { get; init; }
}
