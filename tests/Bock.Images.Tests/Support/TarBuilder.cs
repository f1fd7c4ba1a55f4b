using System.Formats.Tar;
using System.Text;

namespace Bock.Images.Tests.Support;

/// <summary>Crafts tar archives entry by entry, hostile ones included.</summary>
public sealed class TarBuilder
{
    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;
    public static readonly DateTimeOffset Time = new(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public TarBuilder() => _writer = new TarWriter(_stream, TarEntryFormat.Pax, leaveOpen: true);

    public TarBuilder Dir(string name, int mode = 0x1ed, int uid = 0, int gid = 0) =>
        Add(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)mode, Uid = uid, Gid = gid, ModificationTime = Time });

    public TarBuilder File(string name, string content, int mode = 0x1a4, int uid = 0, int gid = 0, IDictionary<string, string>? pax = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid, pax);

    public TarBuilder File(string name, byte[] content, int mode = 0x1a4, int uid = 0, int gid = 0, IDictionary<string, string>? pax = null)
    {
        var entry = pax is null ? new PaxTarEntry(TarEntryType.RegularFile, name) : new PaxTarEntry(TarEntryType.RegularFile, name, pax);
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = Time;
        entry.DataStream = new MemoryStream(content);
        return Add(entry);
    }

    public TarBuilder Symlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, ModificationTime = Time, Mode = (UnixFileMode)0x1ff });

    public TarBuilder Hardlink(string name, string target) =>
        Add(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, ModificationTime = Time });

    public TarBuilder CharDevice(string name, int major, int minor, int mode = 0x1b6) =>
        Add(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = major, DeviceMinor = minor, Mode = (UnixFileMode)mode, ModificationTime = Time });

    public TarBuilder Fifo(string name) =>
        Add(new PaxTarEntry(TarEntryType.Fifo, name) { Mode = (UnixFileMode)0x1a4, ModificationTime = Time });

    public TarBuilder Add(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    public byte[] ToArray()
    {
        _writer.Dispose();
        return _stream.ToArray();
    }

    public MemoryStream ToStream() => new(ToArray());
}
