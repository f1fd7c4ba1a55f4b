using Bock.Images.Content;
using Bock.Images.Layers;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Snapshots;

namespace Bock.Images.Store;

/// <summary>
/// The image store under one root: <c>content/blobs/sha256/…</c>, the image index (<c>images.json</c>) and
/// <c>snapshots/</c>. Writers (pull, load, import) hold the store lock shared, garbage collection holds it exclusive,
/// so a collection never removes blobs a running pull has written but not yet tagged.
/// </summary>
public sealed class ImageStore
{
    private readonly string _gcLock;

    public ImageStore(string root)
    {
        Root = Path.GetFullPath(root);
        Blobs = new BlobStore(Path.Combine(Root, "content"));
        Tags = new TagStore(Root);
        Snapshots = new OverlaySnapshotter(Path.Combine(Root, "snapshots"));
        _gcLock = Path.Combine(Root, "gc.lock");
    }

    public string Root { get; }
    public BlobStore Blobs { get; }
    public TagStore Tags { get; }
    public OverlaySnapshotter Snapshots { get; }

    /// <summary>Held by anything that writes content: blocks garbage collection meanwhile.</summary>
    public IDisposable WriterLock() => FileLock.Shared(_gcLock);

    /// <summary>Resolves a name (<c>alpine</c>, <c>repo@sha256:…</c>) or a manifest digest to a stored image.</summary>
    public Image Resolve(string nameOrDigest)
    {
        if (Digest.IsValid(nameOrDigest))
            return Load(nameOrDigest, null);
        ImageReference reference = ImageReference.Parse(nameOrDigest);
        ImageRecord record = Tags.Get(reference)
            ?? (reference.Digest is not null ? Tags.List().Values.FirstOrDefault(r => r.Digest == reference.Digest || r.RepoDigest == reference.Digest) : null)
            ?? throw new ImageNotFoundException(reference.FamiliarName);
        return Load(record.Digest, record.RepoDigest);
    }

    public bool TryResolve(string nameOrDigest, out Image? image)
    {
        try
        {
            image = Resolve(nameOrDigest);
            return true;
        }
        catch (ImageNotFoundException)
        {
            image = null;
            return false;
        }
    }

    public Image Load(string manifestDigest, string? repoDigest)
    {
        byte[] bytes = Blobs.ReadAllBytes(manifestDigest);
        ManifestDocument doc = ManifestDocument.Parse(bytes, null, $"manifest {manifestDigest}");
        ImageManifest manifest = doc.Manifest ?? throw new ImageFormatException($"{manifestDigest} is an index, not an image manifest");
        ImageConfig config = ManifestDocument.ParseConfig(Blobs.ReadAllBytes(manifest.Config.Digest), $"config {manifest.Config.Digest}");
        return new Image(manifestDigest, doc.MediaType, manifest, manifest.Config.Digest, config, repoDigest);
    }

    /// <summary>Stores a manifest (whose blobs must be present) and points <paramref name="names"/> at it.</summary>
    public Image Commit(byte[] manifestBytes, string mediaType, IEnumerable<ImageReference> names, string? repoDigest = null)
    {
        string digest = Blobs.Write(manifestBytes);
        Image image = Load(digest, repoDigest);
        var record = new ImageRecord { Digest = digest, MediaType = mediaType, Size = manifestBytes.Length, RepoDigest = repoDigest };
        Tags.Update(d =>
        {
            foreach (ImageReference name in names)
                d.Images[name.ToString()] = record;
        });
        return image;
    }

    public bool Untag(ImageReference reference) => Tags.Remove(reference);

    /// <summary>
    /// Unpacks every layer of <paramref name="image"/> into its snapshot (layers in parallel, each once) and
    /// returns the chain ids bottom first. Each layer's uncompressed digest is checked against the config.
    /// A layer whose entries need a parent directory it lacks waits for the layers below, since that directory may
    /// be a symlink or a directory in one of them.
    /// </summary>
    public async Task<IReadOnlyList<string>> UnpackAsync(Image image, Action<string>? note = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> chains = image.ChainIds;
        IReadOnlyList<string> diffIds = image.Config.RootFs.DiffIds;
        if (diffIds.Count != image.Manifest.Layers.Count)
            throw new ImageFormatException($"image {image.ManifestDigest}: {image.Manifest.Layers.Count} layers but {diffIds.Count} diff ids in the config");
        using IDisposable _ = WriterLock();
        var done = chains.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        // Parallel.ForEachAsync hands out layers bottom first, so a layer only ever waits for layers already started.
        await Parallel.ForEachAsync(Enumerable.Range(0, chains.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                Descriptor layer = image.Manifest.Layers[i];
                try
                {
                    await Snapshots.CommitAsync(chains[i], fs => Task.Run(() =>
                    {
                        if (!Blobs.Exists(layer.Digest) && MediaTypes.IsNonDistributable(layer.MediaType))
                        {
                            note?.Invoke($"layer {layer.Digest} is non-distributable and was not pulled: its snapshot is empty");
                            return;
                        }
                        IReadOnlyList<string> Lowers()
                        {
                            foreach (TaskCompletionSource lower in done.Take(i))
                            {
                                // rethrow a lower layer's own error, so whichever layer reports first, it is the cause
                                try
                                {
                                    lower.Task.Wait(ct);
                                }
                                catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                                {
                                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                                }
                            }
                            return Enumerable.Range(0, i).Reverse().Select(j => Snapshots.FsDir(chains[j])).ToList();
                        }
                        using Stream blob = Blobs.OpenRead(layer.Digest);
                        LayerUnpackResult result = LayerUnpacker.Unpack(blob, fs, $"layer {layer.Digest}", diffIds[i], Lowers);
                        foreach (string n in result.Notes)
                            note?.Invoke(n);
                    }, ct)).ConfigureAwait(false);
                    done[i].SetResult();
                }
                catch (Exception e)
                {
                    done[i].SetException(e);
                    throw;
                }
            }).ConfigureAwait(false);
        return chains;
    }

    /// <summary>
    /// Removes blobs no tagged image references and snapshots that neither a tagged image nor an active
    /// snapshot uses, plus leftovers of crashed writers. Waits for running writers to finish.
    /// </summary>
    public GarbageCollectionResult GarbageCollect()
    {
        using FileLock _ = FileLock.Exclusive(_gcLock);
        var liveBlobs = new HashSet<string>(StringComparer.Ordinal);
        var liveSnapshots = new HashSet<string>(Snapshots.ActiveParents(), StringComparer.Ordinal);
        foreach (ImageRecord record in Tags.List().Values)
        {
            liveBlobs.Add(record.Digest);
            if (!Blobs.Exists(record.Digest))
                continue;
            ManifestDocument doc = ManifestDocument.Parse(Blobs.ReadAllBytes(record.Digest), record.MediaType, record.Digest);
            var manifests = new List<ImageManifest>();
            if (doc.Manifest is not null)
                manifests.Add(doc.Manifest);
            foreach (Descriptor child in doc.Index?.Manifests ?? [])
            {
                liveBlobs.Add(child.Digest);
                if (Blobs.Exists(child.Digest) && ManifestDocument.Parse(Blobs.ReadAllBytes(child.Digest), child.MediaType, child.Digest).Manifest is { } m)
                    manifests.Add(m);
            }
            foreach (ImageManifest manifest in manifests)
            {
                liveBlobs.Add(manifest.Config.Digest);
                foreach (Descriptor layer in manifest.Layers)
                    liveBlobs.Add(layer.Digest);
                if (Blobs.Exists(manifest.Config.Digest))
                {
                    ImageConfig config = ManifestDocument.ParseConfig(Blobs.ReadAllBytes(manifest.Config.Digest), manifest.Config.Digest);
                    for (int i = 1; i <= config.RootFs.DiffIds.Count; i++)
                        liveSnapshots.Add(Digest.ChainId(config.RootFs.DiffIds.Take(i)));
                }
            }
        }
        var removedBlobs = new List<string>();
        long freed = 0;
        foreach (string blob in Blobs.List().ToList())
        {
            if (liveBlobs.Contains(blob))
                continue;
            freed += Blobs.SizeOf(blob) ?? 0;
            Blobs.Delete(blob);
            removedBlobs.Add(blob);
        }
        var removedSnapshots = new List<string>();
        foreach (string chain in Snapshots.ListCommitted().ToList())
        {
            if (liveSnapshots.Contains(chain))
                continue;
            Snapshots.RemoveCommitted(chain);
            removedSnapshots.Add(chain);
        }
        Blobs.CleanIngest();
        Snapshots.RemoveTemporaries();
        return new GarbageCollectionResult(removedBlobs, removedSnapshots, freed);
    }
}
