using System.Formats.Tar;
using System.IO.Compression;
using Akka.Actor;
using Bock.Builder.Bockfile;
using Bock.Builder.Context;
using Bock.Builder.Dockerfile;
using Bock.Builder.Execution;
using Bock.Builder.Graph;
using Bock.Host.Images;
using Bock.Images.Build;
using Bock.Images.Reference;

namespace Bock.Host.Builds;

/// <summary>
/// <c>POST /build</c>: unpacks the context under <c>&lt;root&gt;/builder/contexts/</c>, compiles the spec with the
/// front end its name asks for, runs the build on the daemon's actor system, then (only if everything succeeded)
/// writes the outputs, pushes (push=1) and then moves the tags. The context goes in every case.
/// </summary>
internal sealed class BuildService(ImageService images, IRootfsMounter mounter, DaemonOptions options, ActorSystem system)
{
    private readonly OciRunContainers _containers = new(options.FindBockOci(), Path.Combine(options.RunRoot, "builder", "oci"),
        options.RunRoot, mounter);

    public async Task BuildAsync(BuildOptions build, Stream body, BuildStream stream, CancellationToken ct)
    {
        var context = Path.Combine(images.Store.Root, "builder", "contexts", Guid.NewGuid().ToString("N"));
        // A build's snapshots are lower dirs of its RUN containers and its image is untagged until the end: garbage
        // collection (rmi, prune) waits for the build, as it waits for a pull.
        using var writing = images.Store.WriterLock();
        try
        {
            await ExtractContextAsync(body, context, ct);
            var image = await RunAsync(build, context, stream, ct);
            foreach (var output in build.Outputs.Where(o => o.Type is "oci" or "docker" or "local"))
                await WriteOutputAsync(output, image, build.Tags.FirstOrDefault(), ct);
            if (build.Push)
            {
                foreach (var tag in build.Tags)
                {
                    stream.Text($"pushing {tag.FamiliarName}\n");
                    var digest = await images.PushBuiltAsync(image, tag, ImageService.BuildAuth(tag, build.RegistryAuth, build.RegistryConfig), ct);
                    stream.Text($"{tag.Tag ?? "latest"}: digest: {digest}\n");
                }
            }
            if (build.StoresImage) images.TagBuilt(image, build.Tags);
            stream.Built(image.ConfigDigest, build.StoresImage ? [.. build.Tags.Select(t => t.FamiliarName)] : []);
        }
        catch (BuildFailedException e)
        {
            stream.Error(e.Message, e.ExitCode);
        }
        catch (BuildSpecException e)
        {
            stream.Error(e.Message, 1);
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException
                                      or Bock.Images.Registry.RegistryException or Bock.Images.Store.ImageNotFoundException)
        {
            stream.Error(e.Message, 1);
        }
        finally
        {
            if (Directory.Exists(context)) Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>
    /// A build from a directory already on the daemon's disk (a stack's <c>build:</c> context), read in place, its
    /// image tagged with <see cref="BuildOptions.Tags"/>. Failures throw (<see cref="BuildFailedException"/>,
    /// <see cref="BuildSpecException"/>, <see cref="FormatException"/>…); the caller says them.
    /// </summary>
    public async Task<Bock.Images.Store.Image> BuildDirectoryAsync(BuildOptions build, string directory, IBuildObserver observer, CancellationToken ct)
    {
        var context = Path.GetFullPath(directory).TrimEnd('/');
        if (!Directory.Exists(context)) throw new FormatException($"the build context {directory} is not a directory");
        using var writing = images.Store.WriterLock();
        var image = await RunAsync(build, context, observer, ct);
        images.TagBuilt(image, build.Tags);
        return image;
    }

    private Task<Bock.Images.Store.Image> RunAsync(BuildOptions build, string context, IBuildObserver observer, CancellationToken ct)
    {
        var graph = Compile(context, build);
        var request = new BuildRequest(graph, context, Ignore(context))
        {
            NoCache = build.NoCache,
            Pull = build.Pull,
            CacheFrom = build.CacheFrom,
            SourceDateEpoch = build.SourceDateEpoch,
            NormalizeOwners = build.NormalizeOwners,
            Labels = build.Labels,
            Secrets = build.Secrets,
        };
        var environment = new BuildEnvironment(request, images.Store, new DaemonBuildImages(images), _containers, observer);
        return BuildEngine.BuildAsync(system, environment, ct);
    }

    /// <summary>The context tar (gzip or not) into a fresh directory; entries that would land outside it are refused.</summary>
    private static async Task ExtractContextAsync(Stream body, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var temp = directory + ".tar";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
            {
                await body.CopyToAsync(file, ct);
                if (file.Length == 0) return; // an empty context: a spec with no COPY from it still builds
                file.Position = 0;
                var magic = new byte[2];
                var isGzip = await file.ReadAsync(magic, ct) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
                file.Position = 0;
                Stream tar = isGzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
                await using (tar)
                {
                    await TarFile.ExtractToDirectoryAsync(tar, directory, overwriteFiles: true, ct);
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"the build context is not a tar archive: {e.Message}");
        }
    }

    /// <summary>
    /// The spec named by <c>dockerfile</c> (default: Bockfile if the context has one, else Dockerfile): a name ending
    /// in Bockfile or .bockfile.yaml is read by the Bockfile front end, any other by the Dockerfile one.
    /// </summary>
    private static BuildGraph Compile(string context, BuildOptions build)
    {
        var name = build.Dockerfile ?? (File.Exists(Path.Combine(context, "Bockfile")) ? "Bockfile" : "Dockerfile");
        var path = Path.GetFullPath(Path.Combine(context, name.TrimStart('/')));
        if (!path.StartsWith(context + "/", StringComparison.Ordinal) || !File.Exists(path))
            throw new FormatException($"cannot find {name} in the build context");
        var text = File.ReadAllText(path);
        var fileName = Path.GetFileName(name);
        if (name.EndsWith("Bockfile", StringComparison.Ordinal) || name.EndsWith(".bockfile.yaml", StringComparison.Ordinal))
        {
            // SOURCE_DATE_EPOCH is the builder's (as in BuildKit), not an arg the Bockfile must declare.
            var args = build.BuildArgs.Where(a => a.Key != "SOURCE_DATE_EPOCH").ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
            return BockfileFrontEnd.Parse(text, fileName, args, build.Target);
        }
        return DockerfileFrontEnd.Parse(text, fileName, build.BuildArgs, build.Target);
    }

    /// <summary>.bockignore wins over .dockerignore; none leaves everything in.</summary>
    private static IgnoreMatcher Ignore(string context)
    {
        foreach (var name in (string[])[".bockignore", ".dockerignore"])
        {
            var path = Path.Combine(context, name);
            if (File.Exists(path)) return IgnoreMatcher.Parse(File.ReadAllText(path));
        }
        return new IgnoreMatcher([]);
    }

    private Task WriteOutputAsync(BuildOutputDto output, Bock.Images.Store.Image image, ImageReference? name, CancellationToken ct)
    {
        var type = output.Type switch
        {
            "oci" => BuildOutputType.Oci,
            "docker" => BuildOutputType.Docker,
            _ => BuildOutputType.Local,
        };
        var dest = output.Attrs!["dest"];
        Directory.CreateDirectory(type == BuildOutputType.Local ? dest : Path.GetDirectoryName(dest)!);
        return ImageExporter.ExportAsync(images.Store, image, new BuildOutput(type, dest), name, ct: ct);
    }
}
