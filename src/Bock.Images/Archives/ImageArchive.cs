using System.Formats.Tar;
using System.Text.Json;
using Bock.Images.Content;
using Bock.Images.Layers;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Store;

namespace Bock.Images.Archives;

/// <summary>
/// <c>save</c> / <c>load</c> of image archives in <c>docker save</c> format and as <c>oci-archive</c>, and
/// <c>import</c> of a plain root file system tarball as a one-layer image.
/// </summary>
public static class ImageArchive
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    public const string ImageNameAnnotation = "io.containerd.image.name";
    private const long MaxMetadataBytes = 16 << 20;

    /// <summary>
    /// Writes <paramref name="images"/> (name → image) as one archive. Both formats carry an OCI layout; the Docker
    /// format adds <c>manifest.json</c> and <c>repositories</c> (as Docker 25+ writes them), so either reader loads it.
    /// </summary>
    public static void Save(ImageStore store, IReadOnlyList<(ImageReference? Name, Image Image)> images, Stream output, ArchiveFormat format)
    {
        using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var indexEntries = new List<Descriptor>();
        var dockerEntries = new List<DockerArchiveManifestEntry>();
        var repositories = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);

        WriteFile(writer, "oci-layout", JsonSerializer.SerializeToUtf8Bytes(new OciLayoutFile(), ImagesJsonContext.Default.OciLayoutFile));
        foreach ((ImageReference? name, Image image) in images)
        {
            foreach (string digest in new[] { image.ManifestDigest, image.ConfigDigest }.Concat(image.Manifest.Layers.Select(l => l.Digest)))
            {
                if (!store.Blobs.Exists(digest) || !written.Add(digest))
                    continue;
                using Stream blob = store.Blobs.OpenRead(digest);
                var entry = new PaxTarEntry(TarEntryType.RegularFile, BlobPath(digest)) { DataStream = blob, Mode = (UnixFileMode)0x1a4, ModificationTime = DateTimeOffset.UnixEpoch };
                writer.WriteEntry(entry);
            }
            var annotations = new Dictionary<string, string>();
            if (name is not null)
            {
                annotations[ImageNameAnnotation] = name.ToString();
                annotations[RefNameAnnotation] = format == ArchiveFormat.OciArchive ? name.Tag ?? name.ToString() : name.ToString();
            }
            indexEntries.Add(new Descriptor
            {
                MediaType = image.ManifestMediaType,
                Digest = image.ManifestDigest,
                Size = store.Blobs.SizeOf(image.ManifestDigest) ?? 0,
                Annotations = annotations.Count > 0 ? annotations : null,
            });
            dockerEntries.Add(new DockerArchiveManifestEntry
            {
                Config = BlobPath(image.ConfigDigest),
                RepoTags = name?.Tag is null ? null : [name.FamiliarName],
                Layers = image.Manifest.Layers.Select(l => BlobPath(l.Digest)).ToList(),
            });
            if (name?.Tag is not null)
            {
                string repo = name.WithTag("x").FamiliarName[..^2];
                if (!repositories.TryGetValue(repo, out Dictionary<string, string>? tags))
                    repositories[repo] = tags = new Dictionary<string, string>(StringComparer.Ordinal);
                tags[name.Tag] = Digest.Hex(image.ConfigDigest);
            }
        }
        var index = new ImageIndex { MediaType = MediaTypes.OciIndex, Manifests = indexEntries };
        WriteFile(writer, "index.json", JsonSerializer.SerializeToUtf8Bytes(index, ImagesJsonContext.Default.ImageIndex));
        if (format == ArchiveFormat.DockerArchive)
        {
            WriteFile(writer, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(dockerEntries, ImagesJsonContext.Default.ListDockerArchiveManifestEntry));
            WriteFile(writer, "repositories", JsonSerializer.SerializeToUtf8Bytes(repositories, ImagesJsonContext.Default.DictionaryStringDictionaryStringString));
        }
    }

    /// <summary>
    /// Loads a <c>docker save</c> archive (legacy or Docker 25+), an <c>oci-archive</c>, either gzip-compressed or not.
    /// Every blob is verified against its digest on the way in. <paramref name="defaultName"/> names OCI images
    /// whose index entry carries only a tag (or nothing).
    /// </summary>
    public static async Task<IReadOnlyList<LoadedImage>> LoadAsync(ImageStore store, Stream input, ImageReference? defaultName = null,
        Platform? platform = null, CancellationToken cancellationToken = default)
    {
        using IDisposable _ = store.WriterLock();
        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        using (Stream tar = LayerCompression.OpenUncompressed(input, "archive"))
        using (var reader = new TarReader(tar, leaveOpen: true))
        {
            TarEntry? entry;
            while ((entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false)) is not null)
            {
                string path = LayerUnpacker.SafeRelativePath("archive", entry.Name, entry.Name);
                if (entry.EntryType is TarEntryType.SymbolicLink)
                {
                    string dir = Path.GetDirectoryName(path) ?? "";
                    links[path] = LayerUnpacker.SafeRelativePath("archive", entry.Name, Path.GetFullPath(Path.Combine("/", dir, entry.LinkName))[1..]);
                    continue;
                }
                if (entry.EntryType is TarEntryType.HardLink)
                {
                    links[path] = LayerUnpacker.SafeRelativePath("archive", entry.Name, entry.LinkName);
                    continue;
                }
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null && entry.Length > 0)
                    continue;
                Stream data = entry.DataStream ?? Stream.Null;
                if (path.StartsWith("blobs/sha256/", StringComparison.Ordinal))
                {
                    string expected = Digest.Sha256Prefix + path["blobs/sha256/".Length..];
                    if (!Digest.IsValid(expected))
                        continue;
                    if (store.Blobs.Exists(expected))
                        files[path] = expected;
                    else
                        files[path] = (await store.Blobs.WriteAsync(data, expected, entry.Length, what: $"archive entry {path}", cancellationToken: cancellationToken).ConfigureAwait(false)).Digest;
                }
                else if ((path.EndsWith(".json", StringComparison.Ordinal) || path is "repositories" or "oci-layout" || path.EndsWith("/json", StringComparison.Ordinal)) && entry.Length < MaxMetadataBytes)
                {
                    var buffer = new MemoryStream();
                    await data.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                    metadata[path] = buffer.ToArray();
                }
                else
                {
                    files[path] = (await store.Blobs.WriteAsync(data, null, entry.Length, what: $"archive entry {path}", cancellationToken: cancellationToken).ConfigureAwait(false)).Digest;
                }
            }
        }

        string DigestOf(string path)
        {
            for (int hops = 0; hops < 16 && links.TryGetValue(path, out string? target); hops++)
                path = target;
            if (files.TryGetValue(path, out string? digest))
                return digest;
            if (metadata.TryGetValue(path, out byte[]? bytes))
                return store.Blobs.Write(bytes);
            throw new ImageFormatException($"archive: '{path}' is referenced but not in the archive");
        }

        if (metadata.TryGetValue("manifest.json", out byte[]? dockerManifest))
            return LoadDocker(store, dockerManifest, DigestOf);
        if (metadata.TryGetValue("index.json", out byte[]? indexBytes))
            return LoadOci(store, indexBytes, defaultName, platform ?? Platform.Host);
        throw new ImageFormatException("archive: neither manifest.json (docker save) nor index.json (OCI layout) found");
    }

    private static List<LoadedImage> LoadDocker(ImageStore store, byte[] manifestJson, Func<string, string> digestOf)
    {
        List<DockerArchiveManifestEntry> entries = JsonSerializer.Deserialize(manifestJson, ImagesJsonContext.Default.ListDockerArchiveManifestEntry)
            ?? throw new ImageFormatException("archive: manifest.json is empty");
        var loaded = new List<LoadedImage>();
        foreach (DockerArchiveManifestEntry entry in entries)
        {
            string configDigest = digestOf(entry.Config);
            var layers = new List<Descriptor>();
            foreach (string layerPath in entry.Layers)
            {
                string digest = digestOf(layerPath);
                byte[] head = new byte[4];
                int n;
                using (Stream s = store.Blobs.OpenRead(digest))
                    n = s.ReadAtLeast(head, 4, throwOnEndOfStream: false);
                string type = LayerCompression.IsGzip(head.AsSpan(0, n)) ? MediaTypes.OciLayerGzip
                    : LayerCompression.IsZstd(head.AsSpan(0, n)) ? MediaTypes.OciLayerZstd : MediaTypes.OciLayer;
                layers.Add(new Descriptor { MediaType = type, Digest = digest, Size = store.Blobs.SizeOf(digest) ?? 0 });
            }
            var manifest = new ImageManifest
            {
                MediaType = MediaTypes.OciManifest,
                Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest, Size = store.Blobs.SizeOf(configDigest) ?? 0 },
                Layers = layers,
            };
            List<ImageReference> names = (entry.RepoTags ?? []).Select(ImageReference.Parse).ToList();
            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImagesJsonContext.Default.ImageManifest);
            loaded.Add(new LoadedImage(store.Commit(bytes, MediaTypes.OciManifest, names), names));
        }
        return loaded;
    }

    private static List<LoadedImage> LoadOci(ImageStore store, byte[] indexBytes, ImageReference? defaultName, Platform platform)
    {
        ImageIndex index = ManifestDocument.Parse(indexBytes, MediaTypes.OciIndex, "archive index.json").Index
            ?? throw new ImageFormatException("archive: index.json is not an image index");
        var loaded = new List<LoadedImage>();
        foreach (Descriptor descriptor in index.Manifests)
        {
            ManifestDocument doc = ManifestDocument.Parse(store.Blobs.ReadAllBytes(descriptor.Digest), descriptor.MediaType, $"archive manifest {descriptor.Digest}");
            string? repoDigest = null;
            if (doc.Index is { } nested)
            {
                repoDigest = doc.Digest;
                Descriptor chosen = nested.SelectPlatform(platform, "archive");
                doc = ManifestDocument.Parse(store.Blobs.ReadAllBytes(chosen.Digest), chosen.MediaType, $"archive manifest {chosen.Digest}");
            }
            var names = new List<ImageReference>();
            string? fullName = descriptor.Annotations?.GetValueOrDefault(ImageNameAnnotation);
            string? refName = descriptor.Annotations?.GetValueOrDefault(RefNameAnnotation);
            if (fullName is not null && ImageReference.TryParse(fullName, out ImageReference? parsed, out _))
                names.Add(parsed!);
            else if (refName is not null && (refName.Contains('/') || refName.Contains(':')) && ImageReference.TryParse(refName, out parsed, out _))
                names.Add(parsed!);
            else if (defaultName is not null)
                names.Add(refName is not null ? defaultName.WithTag(refName) : defaultName);
            loaded.Add(new LoadedImage(store.Commit(doc.Bytes, doc.MediaType, names, repoDigest), names));
        }
        return loaded;
    }

    /// <summary>
    /// <c>import</c>: a root file system tarball (tar or tar.gz) becomes a one-layer image, its config built from
    /// <paramref name="changes"/> (<c>CMD …</c>, <c>ENV …</c>, …).
    /// </summary>
    public static async Task<Image> ImportAsync(ImageStore store, Stream rootfs, IEnumerable<ImageReference> names, IEnumerable<string>? changes = null,
        Platform? platform = null, CancellationToken cancellationToken = default)
    {
        ContainerConfig config = ConfigChanges.Apply(new ContainerConfig(), changes ?? []);
        LayerWriteResult layer = await ImageWriter.WriteLayerAsync(store, rootfs, cancellationToken: cancellationToken).ConfigureAwait(false);
        platform ??= Platform.Host;
        var imageConfig = new ImageConfig
        {
            Created = DateTimeOffset.UtcNow,
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            Config = config,
            History = [new HistoryEntry { Created = DateTimeOffset.UtcNow, CreatedBy = "bock import", Comment = "Imported from tarball" }],
        };
        return ImageWriter.Commit(store, [layer], imageConfig, names);
    }

    private static string BlobPath(string digest) => "blobs/sha256/" + Digest.Hex(digest);

    private static void WriteFile(TarWriter writer, string name, byte[] content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = (UnixFileMode)0x1a4, ModificationTime = DateTimeOffset.UnixEpoch };
        writer.WriteEntry(entry);
    }
}
