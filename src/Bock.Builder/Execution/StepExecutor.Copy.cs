using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Bock.Builder.Context;
using Bock.Builder.Graph;
using Bock.Images.Content;

namespace Bock.Builder.Execution;

internal sealed partial class StepExecutor
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>One thing a COPY copies: its path under the source root (null for inline or downloaded content).</summary>
    private sealed record CopySource(string Name, string? Path, byte[]? Content, bool Extract);

    private async Task<(StageState, bool)> CopyAsync(StageState state, CopyStep step, string text, int vertex, CancellationToken ct)
    {
        var views = new List<MergedView>();
        try
        {
            var root = SourceRoot(step.FromStage, step.Location, views);
            var fromContext = step.FromStage is null;
            var sources = new List<CopySource>();
            var wildcard = false;
            foreach (var pattern in step.Sources)
            {
                if (step.IsAdd && (pattern.StartsWith("http://", StringComparison.Ordinal) || pattern.StartsWith("https://", StringComparison.Ordinal)))
                {
                    sources.Add(await DownloadAsync(pattern, step, ct));
                    continue;
                }
                wildcard |= pattern.IndexOfAny(['*', '?', '[']) >= 0;
                sources.AddRange(Resolve(root, pattern, fromContext, step));
            }
            sources.AddRange(step.Inline.Select(i => new CopySource(i.Name, null, Encoding.UTF8.GetBytes(i.Content), false)));
            if (sources.Count == 0) throw new BuildFailedException(step.Location, "no source files were specified");

            var destination = AbsolutePath(state, step.Destination);
            // --link: the layer is written as if into an empty directory, so nothing below decides its shape.
            var intoDirectory = step.Destination.EndsWith('/') || step.Destination is "." or "./" || sources.Count > 1 || wildcard
                || !step.Link && ExistsInLayers(state, destination) == PathKind.Directory;
            var inputs = InputsDigest(sources, step, fromContext);
            if (step.Link)
            {
                // Its cache key leaves the parent out (the layer does not depend on it); the steps after it chain
                // from the parent's key and this one, since their layers do.
                var linkKey = BuildCache.Key("link", BuildCache.LayerVariant(environment.Request), text, destination, intoDirectory.ToString(), inputs);
                var chainKey = BuildCache.Key(state.CacheKey, linkKey);
                if (await LinkedLookupAsync(state, linkKey, chainKey, text) is { } linked) return (linked, true);
                return (await CommitLayerAsync(state, FillCopyLayer(state, step, sources, root, destination, intoDirectory, fromContext), linkKey, text, ct, chainKey), false);
            }
            var key = BuildCache.Key(state.CacheKey, text, destination, intoDirectory.ToString(), inputs);
            if (Lookup(state, key, text) is { } hit) return (hit, true);
            return (await CommitLayerAsync(state, FillCopyLayer(state, step, sources, root, destination, intoDirectory, fromContext), key, text, ct), false);
        }
        finally
        {
            foreach (var view in views) view.Dispose();
        }
    }

    /// <summary>A new layer directory with the sources copied to the destination (owner and mode as asked).</summary>
    private string FillCopyLayer(StageState state, CopyStep step, List<CopySource> sources, string root, string destination, bool intoDirectory, bool fromContext)
    {
        var owner = step.Chown is { } chown ? Owner(state, chown, step.Location) : ((int, int)?)null;
        var mode = step.Chmod is { } chmod ? (UnixFileMode?)Convert.ToInt32(chmod, 8) : null;
        var layer = NewLayerDirectory();
        foreach (var source in sources)
        {
            // A directory's content goes into the destination, a file into it or onto it.
            var isDirectory = source.Path is not null && Directory.Exists(source.Path) && !IsSymlink(source.Path);
            var target = intoDirectory && !isDirectory ? destination.TrimEnd('/') + "/" + source.Name : destination;
            var targetPath = SafeJoin(layer, target, step.Location);
            EnsureParents(layer, targetPath);
            if (source.Content is { } content)
            {
                if (source.Extract) Extract(content, targetPath, step.Location);
                else
                {
                    File.WriteAllBytes(targetPath, content);
                    File.SetUnixFileMode(targetPath, mode ?? (UnixFileMode)(step.Inline.Count > 0 ? 0x1a4 : 0x180)); // inline 0644, a download 0600
                    FileStat.Lchown(targetPath, owner?.Item1 ?? 0, owner?.Item2 ?? 0);
                }
                continue;
            }
            if (step.IsAdd && fromContext && File.Exists(source.Path!) && IsArchive(source.Path!))
            {
                Extract(File.ReadAllBytes(source.Path!), intoDirectory ? Path.GetDirectoryName(targetPath)! : targetPath, step.Location);
                continue;
            }
            if (isDirectory)
            {
                Directory.CreateDirectory(targetPath);
                CopyAttributes(source.Path!, targetPath, owner, mode, fromContext);
                // What the ignore file or --exclude leaves out of the context stays out of a copied directory too.
                Func<string, bool> skip = fromContext ? path => Excluded(root, path, step) : _ => false;
                CopyTree(source.Path!, targetPath, owner, mode, fromContext, skip);
            }
            else CopyEntry(source.Path!, targetPath, owner, mode, fromContext);
        }
        return layer;
    }

    /// <summary>The build context, or the files of a stage or image (<c>--from</c>) as one read-only tree.</summary>
    private string SourceRoot(string? from, SourceLocation location, List<MergedView> views)
    {
        if (from is null) return environment.Request.ContextDirectory;
        if (stages.TryGetValue(from, out var stage))
        {
            var view = MergedView.Open(stage.LowerDirs(environment.Store.Snapshots), environment.WorkDirectory);
            views.Add(view);
            return view.Path;
        }
        try
        {
            var image = environment.Images.ResolveAsync(from, environment.Request.Pull, _ => { }, CancellationToken.None).GetAwaiter().GetResult();
            var lowers = image.ChainIds.Reverse().Select(environment.Store.Snapshots.FsDir).ToList();
            var view = MergedView.Open(lowers, environment.WorkDirectory);
            views.Add(view);
            return view.Path;
        }
        catch (Exception e) when (e is not BuildFailedException and not OperationCanceledException)
        {
            throw new BuildFailedException(location, $"--from={from}: no stage of that name, and no such image: {e.Message}");
        }
    }

    /// <summary>Joins a path under a root lexically, refusing one that climbs out with <c>..</c>.</summary>
    private static string SafeJoin(string root, string path, SourceLocation location)
    {
        var full = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
        var rootFull = Path.GetFullPath(root).TrimEnd('/');
        if (full != rootFull && !full.StartsWith(rootFull + "/", StringComparison.Ordinal))
            throw new BuildFailedException(location, $"{path}: outside of the build context");
        return full;
    }

    private IEnumerable<CopySource> Resolve(string root, string pattern, bool fromContext, CopyStep step)
    {
        var clean = pattern.TrimStart('/');
        while (clean.StartsWith("./", StringComparison.Ordinal)) clean = clean[2..];
        clean = clean.TrimEnd('/');
        bool Excluded(string relative) => fromContext ? this.Excluded(root, Path.Combine(root, relative), step)
            : relative.Length > 0 && step.Excludes.Any(e => IgnorePattern.Parse(e).Matches(relative));
        if (clean.IndexOfAny(['*', '?', '[']) < 0)
        {
            var path = SafeJoin(root, clean, step.Location);
            if (clean is "" or ".") return [new CopySource("", root, null, false)];
            if (!Path.Exists(path) && !IsSymlink(path) || fromContext && Excluded(clean))
                throw new BuildFailedException(step.Location, $"failed to compute cache key: \"/{clean}\": not found");
            return [new CopySource(Path.GetFileName(clean), path, null, false)];
        }
        var matcher = IgnorePattern.Parse(clean);
        var depth = clean.Count(c => c == '/');
        var matches = Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, MaxRecursionDepth = depth })
            .Select(p => Path.GetRelativePath(root, p))
            .Where(r => r.Count(c => c == '/') == depth && matcher.Matches(r) && !Excluded(r))
            .OrderBy(r => r, StringComparer.Ordinal)
            .Select(r => new CopySource(Path.GetFileName(r), Path.Combine(root, r), null, false))
            .ToList();
        if (matches.Count == 0) throw new BuildFailedException(step.Location, $"lstat {clean}: no source files were specified (no match for the pattern)");
        return matches;
    }

    /// <summary>Whether a context path is left out by the ignore file or the step's <c>--exclude</c> patterns.</summary>
    private bool Excluded(string root, string path, CopyStep step)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative is "." or "") return false;
        return environment.Request.Ignore.IsExcluded(relative) || step.Excludes.Any(e => IgnorePattern.Parse(e).Matches(relative));
    }

    /// <summary>
    /// The digest of what the COPY reads: names, types, modes, link targets and contents (never mtimes). Files of a
    /// stage or image are named by that stage's state instead: its key already names its content.
    /// </summary>
    private string InputsDigest(IReadOnlyList<CopySource> sources, CopyStep step, bool fromContext)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));
        Add(step.Chown ?? "");
        Add(step.Chmod ?? "");
        if (!fromContext && step.FromStage is { } from)
            Add(stages.TryGetValue(from, out var stage) ? stage.CacheKey : "image:" + from);
        foreach (var source in sources)
        {
            Add("source " + source.Name + " " + source.Extract);
            if (source.Content is { } content)
            {
                hash.AppendData(SHA256.HashData(content));
                continue;
            }
            if (!fromContext) continue;
            var root = source.Path!;
            var entries = Directory.Exists(root) && !IsSymlink(root)
                ? Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                    .Where(p => !Excluded(environment.Request.ContextDirectory, p, step))
                    .Prepend(root)
                : [root];
            foreach (var path in entries.OrderBy(p => p, StringComparer.Ordinal))
            {
                var stat = FileStat.Lstat(path);
                Add($"{Path.GetRelativePath(root, path)} {stat.Mode:x}");
                if (stat.Type == FileStat.Symlink) Add(new FileInfo(path).LinkTarget ?? "");
                else if (stat.Type == FileStat.Regular)
                {
                    using var file = File.OpenRead(path);
                    hash.AppendData(SHA256.HashData(file));
                }
            }
        }
        return Digest.FromHash(hash.GetHashAndReset());
    }

    private static bool IsSymlink(string path) => FileStat.TryLstat(path, out var stat) && stat.Type == FileStat.Symlink;

    /// <summary>Missing parents of a target are made as Docker makes them: 0755 (whatever bockd's umask), root's.</summary>
    private static void EnsureParents(string layer, string targetPath)
    {
        var missing = new Stack<string>();
        for (var dir = Path.GetDirectoryName(targetPath)!; dir.Length > layer.Length && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
            missing.Push(dir);
        foreach (var dir in missing)
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, (UnixFileMode)0x1ed);
        }
    }

    private static void CopyTree(string source, string target, (int, int)? owner, UnixFileMode? mode, bool fromContext, Func<string, bool> skip)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(source).OrderBy(e => e, StringComparer.Ordinal))
        {
            if (skip(entry)) continue;
            var to = Path.Combine(target, Path.GetFileName(entry));
            if (Directory.Exists(entry) && !IsSymlink(entry))
            {
                Directory.CreateDirectory(to);
                CopyAttributes(entry, to, owner, mode, fromContext);
                CopyTree(entry, to, owner, mode, fromContext, skip);
            }
            else CopyEntry(entry, to, owner, mode, fromContext);
        }
    }

    private static void CopyEntry(string source, string target, (int, int)? owner, UnixFileMode? mode, bool fromContext)
    {
        var stat = FileStat.Lstat(source);
        if (Path.Exists(target) || IsSymlink(target))
        {
            if (Directory.Exists(target) && !IsSymlink(target)) Directory.Delete(target, recursive: true);
            else File.Delete(target);
        }
        switch (stat.Type)
        {
            case FileStat.Symlink:
                File.CreateSymbolicLink(target, new FileInfo(source).LinkTarget ?? "");
                FileStat.Lchown(target, owner?.Item1 ?? (fromContext ? 0 : (int)stat.Uid), owner?.Item2 ?? (fromContext ? 0 : (int)stat.Gid));
                return;
            case FileStat.Regular:
                File.Copy(source, target);
                CopyAttributes(source, target, owner, mode, fromContext);
                return;
            default:
                return; // devices, fifos and sockets are not copied from a context
        }
    }

    private static void CopyAttributes(string source, string target, (int, int)? owner, UnixFileMode? mode, bool fromContext)
    {
        var stat = FileStat.Lstat(source);
        FileStat.Lchown(target, owner?.Item1 ?? (fromContext ? 0 : (int)stat.Uid), owner?.Item2 ?? (fromContext ? 0 : (int)stat.Gid));
        File.SetUnixFileMode(target, mode ?? (UnixFileMode)(stat.Mode & 0xFFF));
        var mtime = DateTimeOffset.FromUnixTimeSeconds(stat.Mtime).AddTicks(stat.MtimeNsec / 100).UtcDateTime;
        if (stat.Type == FileStat.Directory) Directory.SetLastWriteTimeUtc(target, mtime);
        else File.SetLastWriteTimeUtc(target, mtime);
    }

    /// <summary>--chown: numbers as they are, names looked up in the stage's /etc/passwd and /etc/group.</summary>
    private (int, int) Owner(StageState state, string chown, SourceLocation location)
    {
        var parts = chown.Split(':', 2);
        var lowers = state.LowerDirs(environment.Store.Snapshots);
        string[]? Lookup(string file, string name)
        {
            foreach (var dir in lowers)
            {
                var path = Path.Combine(dir, file);
                if (!File.Exists(path)) continue;
                return File.ReadLines(path).Select(l => l.Split(':')).FirstOrDefault(f => f.Length > 3 && f[0] == name);
            }
            return null;
        }
        int uid, gid;
        if (!int.TryParse(parts[0], out uid))
        {
            var entry = Lookup("etc/passwd", parts[0]) ?? throw new BuildFailedException(location, $"unable to convert uid/gid chown string to host mapping: no such user: {parts[0]}");
            uid = int.Parse(entry[2], System.Globalization.CultureInfo.InvariantCulture);
            gid = int.Parse(entry[3], System.Globalization.CultureInfo.InvariantCulture);
        }
        else gid = uid;
        if (parts.Length == 2 && !int.TryParse(parts[1], out gid))
        {
            var entry = Lookup("etc/group", parts[1]) ?? throw new BuildFailedException(location, $"unable to convert uid/gid chown string to host mapping: no such group: {parts[1]}");
            gid = int.Parse(entry[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        return (uid, gid);
    }

    /// <summary>ADD of a URL: loopback only here (no internet), saved as the URL's last path segment, mode 0600.</summary>
    private static async Task<CopySource> DownloadAsync(string url, CopyStep step, CancellationToken ct)
    {
        var uri = new Uri(url);
        byte[] content;
        try
        {
            content = await Http.GetByteArrayAsync(uri, ct);
        }
        catch (HttpRequestException e)
        {
            throw new BuildFailedException(step.Location, $"ADD {url}: {e.Message}");
        }
        if (step.Checksum is { } checksum && Digest.Compute(content) != checksum)
            throw new BuildFailedException(step.Location, $"ADD {url}: digest mismatch: {Digest.Compute(content)} is not {checksum}");
        var name = uri.Segments.LastOrDefault()?.Trim('/') is { Length: > 0 } segment ? segment : "download";
        return new CopySource(name, null, content, false);
    }

    private static bool IsArchive(string path)
    {
        var header = new byte[512];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read >= 2 && header[0] == 0x1f && header[1] == 0x8b) return true;
        return read >= 262 && Encoding.ASCII.GetString(header, 257, 5) == "ustar";
    }

    /// <summary>ADD of a local tar (gzip or not): unpacked into the target directory, entries kept inside it.</summary>
    private static void Extract(byte[] archive, string directory, SourceLocation location)
    {
        Directory.CreateDirectory(directory);
        try
        {
            Stream stream = new MemoryStream(archive);
            if (archive.Length >= 2 && archive[0] == 0x1f && archive[1] == 0x8b) stream = new GZipStream(stream, CompressionMode.Decompress);
            using (stream) TarFile.ExtractToDirectory(stream, directory, overwriteFiles: true);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new BuildFailedException(location, $"ADD: unpacking the archive failed: {e.Message}");
        }
    }
}
