using System.Formats.Tar;

namespace Bock.Cli.Io;

/// <summary>cp's local side: a path packed under an entry name, and archives unpacked into a directory.</summary>
internal static class LocalTar
{
    public static async Task WriteAsync(string path, string entryName, Stream output, CancellationToken ct)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await tar.WriteEntryAsync(path, entryName, ct);
        if (!Directory.Exists(path) || new FileInfo(path).LinkTarget is not null) return;
        foreach (var entry in Walk(path))
            await tar.WriteEntryAsync(entry, $"{entryName}/{Path.GetRelativePath(path, entry)}", ct);
    }

    /// <summary>Depth first in name order, never into a symlinked directory (it is packed as the link it is).</summary>
    private static IEnumerable<string> Walk(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { AttributesToSkip = 0 }).Order(StringComparer.Ordinal))
        {
            yield return entry;
            if (new FileInfo(entry).LinkTarget is null && Directory.Exists(entry))
                foreach (var inner in Walk(entry)) yield return inner;
        }
    }

    /// <summary>
    /// Unpacks into <paramref name="directory"/> as Docker's cp does: symlinks are made as they are (an absolute target
    /// is the container's business), but no entry may be written outside the directory — neither by its name
    /// (<c>..</c>, absolute) nor through a symlink an earlier entry made, nor as a hardlink to a file outside.
    /// </summary>
    /// <exception cref="IOException">An entry that would leave the directory; nothing after it is written.</exception>
    public static async Task ExtractAsync(Stream tar, string directory, CancellationToken ct)
    {
        var root = Path.GetFullPath(directory);
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            var destination = Confined(root, entry.Name);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(destination);
                    break;
                case TarEntryType.SymbolicLink:
                    File.Delete(destination);
                    File.CreateSymbolicLink(destination, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var target = Confined(root, entry.LinkName);
                    File.Delete(destination);
                    Native.Links.CreateHardLink(destination, target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    File.Delete(destination); // never write through a link that was there
                    await entry.ExtractToFileAsync(destination, overwrite: false, ct);
                    break;
                default:
                    continue; // devices and fifos are the container's, not the host's
            }
            if (entry.EntryType != TarEntryType.SymbolicLink)
            {
                File.SetUnixFileMode(destination, (UnixFileMode)((int)entry.Mode & 0xFFF));
                File.SetLastWriteTimeUtc(destination, entry.ModificationTime.UtcDateTime);
            }
        }
    }

    /// <summary>The entry's place under <paramref name="root"/>; throws if its name or a symlink on its way leads out.</summary>
    private static string Confined(string root, string name)
    {
        var relative = name.Replace('\\', '/').TrimStart('.', '/');
        if (Path.IsPathRooted(name) || relative.Split('/').Contains(".."))
            throw new IOException($"refusing archive entry {name}: it leads outside {root}");
        var current = root;
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length - 1; i++)
        {
            current = Path.Combine(current, parts[i]);
            if (new FileInfo(current).LinkTarget is not null)
                throw new IOException($"refusing archive entry {name}: {current} is a symlink, which could lead outside {root}");
            Directory.CreateDirectory(current);
        }
        return parts.Length == 0 ? root : Path.Combine(current, parts[^1]);
    }
}
