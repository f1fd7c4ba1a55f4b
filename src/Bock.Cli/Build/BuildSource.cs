using System.Net.Http.Headers;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Build;

/// <summary>
/// What <c>POST /build</c> is sent: the context tar and the spec's path inside it (the <c>dockerfile</c> parameter;
/// null lets the daemon pick its default). From <c>PATH</c> and <c>-f</c> as the docker CLI reads them: <c>-f</c> is
/// relative to the working directory, a spec outside the context is added to the tar under
/// <c>.bock-build-spec/NAME</c>, <c>PATH</c> <c>-</c> is a tar (possibly compressed) or a lone spec on stdin, and
/// <c>-f -</c> reads the spec from stdin.
/// </summary>
internal sealed record BuildSource(HttpContent Body, string? Spec)
{
    /// <summary>Where a spec from outside the context goes in the tar.</summary>
    public const string OutsideSpecDirectory = ".bock-build-spec";

    /// <summary>The spec names looked for in a context without <c>-f</c>, in this order.</summary>
    public static readonly string[] DefaultSpecs = ["Bockfile", ".bockfile.yaml", "Dockerfile", "dockerfile"];

    /// <exception cref="UsageException">No context, no spec, or stdin asked for twice.</exception>
    public static async Task<BuildSource> ResolveAsync(string path, string? file, Func<Stream> stdin, CancellationToken ct)
    {
        if (path == "-")
        {
            if (file == "-") throw new UsageException("invalid argument: can't use stdin for both build context and spec file");
            var input = stdin();
            var head = new byte[512];
            var read = await ReadUpToAsync(input, head, ct);
            var prefixed = new PrefixedStream(head[..read], input);
            if (ArchiveSniffer.IsArchive(head.AsSpan(0, read)))
            {
                var body = new StreamContent(prefixed);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
                return new BuildSource(body, file);
            }
            var text = await ReadAllAsync(prefixed, ct);
            var name = SpecNameOf(text);
            return new BuildSource(new ContextArchiveContent(new ContextArchive(null, null, [], [new(name, text)])), name);
        }
        if (path.Contains("://") || path.StartsWith("git@", StringComparison.Ordinal))
            throw new UsageException($"unable to prepare context: {path}: only local directories and stdin are supported as contexts");
        var root = Path.GetFullPath(path);
        if (!Directory.Exists(root)) throw new UsageException($"unable to prepare context: path \"{path}\" not found");
        if (file == "-")
        {
            var text = await ReadAllAsync(stdin(), ct);
            var name = $"{OutsideSpecDirectory}/{SpecNameOf(text)}";
            return new BuildSource(new ContextArchiveContent(ContextArchive.ForDirectory(root, name, [new(name, text)])), name);
        }
        if (file is null)
        {
            var found = DefaultSpecs.FirstOrDefault(name => File.Exists(Path.Combine(root, name)))
                        ?? throw new UsageException($"unable to prepare context: no Bockfile, .bockfile.yaml or Dockerfile in {root} (name one with -f)");
            return new BuildSource(new ContextArchiveContent(ContextArchive.ForDirectory(root, found, [])), found);
        }
        var spec = Path.GetFullPath(file);
        if (!File.Exists(spec)) throw new UsageException($"unable to prepare context: the spec file {file} does not exist");
        var relative = Path.GetRelativePath(root, spec);
        if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
        {
            relative = relative.Replace(Path.DirectorySeparatorChar, '/');
            return new BuildSource(new ContextArchiveContent(ContextArchive.ForDirectory(root, relative, [])), relative);
        }
        var outside = $"{OutsideSpecDirectory}/{Path.GetFileName(spec)}";
        var content = await File.ReadAllBytesAsync(spec, ct);
        return new BuildSource(new ContextArchiveContent(ContextArchive.ForDirectory(root, outside, [new(outside, content)])), outside);
    }

    /// <summary>A spec read from stdin is a Bockfile when it reads as one (a top-level <c>stages:</c> or <c>version:</c>).</summary>
    public static string SpecNameOf(byte[] text)
    {
        var lines = System.Text.Encoding.UTF8.GetString(text).Split('\n');
        return lines.Any(l => l.StartsWith("stages:", StringComparison.Ordinal) || l.StartsWith("version:", StringComparison.Ordinal))
            ? "Bockfile"
            : "Dockerfile";
    }

    private static async Task<int> ReadUpToAsync(Stream input, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length && await input.ReadAsync(buffer.AsMemory(total), ct) is var n and > 0) total += n;
        return total;
    }

    private static async Task<byte[]> ReadAllAsync(Stream input, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
