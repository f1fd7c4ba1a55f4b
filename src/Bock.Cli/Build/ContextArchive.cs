using System.Formats.Tar;
using Bock.Builder.Context;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Build;

/// <summary>
/// A build context as the tar <c>POST /build</c> reads, written straight to the request while the directory is
/// walked (never buffered whole): regular files, directories and symlinks with their modes, owners and times,
/// symlinks packed as links and never followed. <c>.bockignore</c> (else <c>.dockerignore</c>) leaves paths out, but
/// the ignore file and the spec stay in, as docker keeps them. <see cref="Extras"/> are files added from elsewhere
/// (a spec given with <c>-f</c> outside the context, or read from stdin).
/// </summary>
internal sealed class ContextArchive
{
    public static readonly string[] IgnoreFiles = [".bockignore", ".dockerignore"];

    private readonly HashSet<string> _kept;

    public ContextArchive(string? root, IgnoreMatcher? ignore, IEnumerable<string> kept, IReadOnlyList<ExtraEntry> extras)
    {
        Root = root;
        Ignore = ignore;
        _kept = kept.ToHashSet(StringComparer.Ordinal);
        Extras = extras;
    }

    /// <summary>The context directory, or null for a context of <see cref="Extras"/> only (a spec piped on stdin).</summary>
    public string? Root { get; }

    public IgnoreMatcher? Ignore { get; }

    public IReadOnlyList<ExtraEntry> Extras { get; }

    /// <summary>A file that is not in the context directory, packed under <see cref="Name"/>.</summary>
    public sealed record ExtraEntry(string Name, byte[] Content);

    /// <summary>The context of <paramref name="root"/> with its ignore file read; <paramref name="spec"/> is kept in.</summary>
    /// <exception cref="UsageException">A malformed ignore file.</exception>
    public static ContextArchive ForDirectory(string root, string spec, IReadOnlyList<ExtraEntry> extras)
    {
        IgnoreMatcher? ignore = null;
        var ignoreFile = IgnoreFiles.FirstOrDefault(name => File.Exists(Path.Combine(root, name)));
        if (ignoreFile is not null)
        {
            try
            {
                ignore = IgnoreMatcher.Parse(File.ReadAllText(Path.Combine(root, ignoreFile)));
            }
            catch (FormatException e)
            {
                throw new UsageException($"error reading {ignoreFile}: {e.Message}");
            }
        }
        return new ContextArchive(root, ignore, ignoreFile is null ? [spec] : [spec, ignoreFile], extras);
    }

    /// <exception cref="ContextArchiveException">A file of the context could not be read.</exception>
    public async Task WriteAsync(Stream output, CancellationToken ct)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        if (Root is not null) await WalkAsync(tar, Root, "", ct);
        var now = DateTimeOffset.UtcNow;
        foreach (var directory in Extras.Select(e => Path.GetDirectoryName(e.Name)?.Replace('\\', '/')).Where(d => !string.IsNullOrEmpty(d)).Distinct())
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, directory!) { Mode = Mode(0x1ED), ModificationTime = now }, ct);
        foreach (var extra in Extras)
        {
            using var content = new MemoryStream(extra.Content, writable: false);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, extra.Name) { Mode = Mode(0x1A4), ModificationTime = now, DataStream = content }, ct);
        }
    }

    /// <summary>Whether <paramref name="path"/> (relative, <c>/</c>-separated) goes into the tar.</summary>
    public bool Includes(string path) => _kept.Contains(path) || Ignore?.IsExcluded(path) != true;

    private async Task WalkAsync(TarWriter tar, string directory, string relative, CancellationToken ct)
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { AttributesToSkip = 0 })
                .Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContextArchiveException($"error checking context: {e.Message}", e);
        }
        foreach (var path in entries)
        {
            ct.ThrowIfCancellationRequested();
            var name = relative.Length == 0 ? Path.GetFileName(path) : $"{relative}/{Path.GetFileName(path)}";
            var info = new FileInfo(path); // lstat: a symlink is itself, never its target
            var isDirectory = info.LinkTarget is null && info.Attributes.HasFlag(FileAttributes.Directory);
            var included = Includes(name);
            try
            {
                if (included) await tar.WriteEntryAsync(path, name, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ContextArchiveException($"error checking context: can't read '{name}': {e.Message}", e);
            }
            if (isDirectory && (included || MayIncludeBelow(name))) await WalkAsync(tar, path, name, ct);
        }
    }

    // An excluded directory is still walked when an exception pattern or a kept file may bring something below it back.
    private bool MayIncludeBelow(string directory) =>
        Ignore?.Patterns.Any(p => p.IsException) == true || _kept.Any(k => k.StartsWith(directory + "/", StringComparison.Ordinal));

    private static UnixFileMode Mode(int bits) => (UnixFileMode)bits;
}
