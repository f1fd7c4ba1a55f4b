using System.Collections.Concurrent;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Registry;
using Bock.Images.Store;

namespace Bock.Host.Images;

/// <summary>
/// bockd's images: one <see cref="ImageStore"/> at <c>--root</c>, one <see cref="RegistryClient"/> with the daemon's
/// registry options and the credentials of Docker's config.json. Names resolve as Docker's do: a reference
/// (<c>busybox</c>, <c>busybox:1.36</c>, <c>repo@sha256:…</c>), an id (<c>sha256:…</c>, the config digest) or a
/// unique id prefix. Registry, archive and import work live in the partial files.
/// </summary>
public sealed partial class ImageService : IDisposable
{
    /// <summary>Manifests are content-addressed, so a parsed image never goes stale.</summary>
    private readonly ConcurrentDictionary<string, Image> _parsed = new(StringComparer.Ordinal);
    private readonly RegistryOptions _registryOptions;
    private readonly string _authDirectory;

    public ImageService(DaemonOptions options)
    {
        Store = new ImageStore(options.Root);
        _registryOptions = new RegistryOptions
        {
            InsecureRegistries = options.InsecureRegistries,
            Credentials = CredentialStore.Default(),
        };
        Registry = new RegistryClient(_registryOptions);
        _authDirectory = Path.Combine(options.RunRoot, "auth");
    }

    public ImageStore Store { get; }
    public RegistryClient Registry { get; }

    public void Dispose() => Registry.Dispose();

    public IReadOnlyList<StoredImage> List()
    {
        var byManifest = new Dictionary<string, List<(ImageReference, ImageRecord)>>(StringComparer.Ordinal);
        foreach (var (key, record) in Store.Tags.List())
        {
            if (!ImageReference.TryParse(key, out var name, out _)) continue;
            if (!byManifest.TryGetValue(record.Digest, out var names)) byManifest[record.Digest] = names = [];
            names.Add((name!, record));
        }
        var byId = new Dictionary<string, (Image Image, List<(ImageReference, ImageRecord)> Names)>(StringComparer.Ordinal);
        foreach (var (manifest, names) in byManifest)
        {
            if (Load(manifest) is not { } image) continue;
            if (byId.TryGetValue(image.ConfigDigest, out var existing)) existing.Names.AddRange(names);
            else byId[image.ConfigDigest] = (image, names);
        }
        return [.. byId.Select(e => new StoredImage(e.Key, e.Value.Image, e.Value.Names)).OrderByDescending(i => i.Created)];
    }

    /// <summary>A reference first, then an id or a unique id prefix, as Docker resolves them; null if none matches.</summary>
    public StoredImage? Find(string name)
    {
        var all = List();
        var hex = name.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? name[Digest.Sha256Prefix.Length..] : name;
        if (hex.Length == 64 && IsHex(hex))
        {
            var digest = Digest.Sha256Prefix + hex;
            if (all.FirstOrDefault(i => i.Id == digest || i.Image.ManifestDigest == digest) is { } exact) return exact;
        }
        if (!name.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) && ImageReference.TryParse(name, out var reference, out _))
        {
            var key = reference!.ToString();
            if (all.FirstOrDefault(i => i.Names.Any(n => n.Name.ToString() == key)) is { } named) return named;
            if (reference.Digest is { } d && all.FirstOrDefault(i => i.Image.ManifestDigest == d || i.Names.Any(n => n.Record.RepoDigest == d)) is { } byDigest)
                return byDigest;
        }
        if (hex.Length > 0 && IsHex(hex))
        {
            var matches = all.Where(i => Digest.Hex(i.Id).StartsWith(hex, StringComparison.Ordinal)).Take(2).ToList();
            if (matches.Count == 1) return matches[0];
        }
        return null;
    }

    /// <summary>Points <paramref name="target"/> at <paramref name="image"/>; the image it named before stays, untagged.</summary>
    public void Tag(StoredImage image, ImageReference target) => KeepingOrphans(() =>
        Store.Tags.Set(target, image.Names.Select(n => n.Record).FirstOrDefault(r => r.Digest == image.Image.ManifestDigest) ?? image.Names[0].Record));

    /// <summary>
    /// Docker's rmi. By a name: untags it, and deletes the image when that was its last name. By id: untags every name
    /// and deletes. <paramref name="usedBy"/> is a container using the image, if any: it makes the deletion a
    /// conflict unless forced.
    /// </summary>
    /// <exception cref="ImageConflictException">The deletion needs force.</exception>
    public IReadOnlyList<ImageDeleteResponseItem> Delete(string name, StoredImage image, bool force, string? usedBy)
    {
        var items = new List<ImageDeleteResponseItem>();
        var visible = image.VisibleNames.ToList();
        ImageReference? byName = null;
        if (!name.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) && ImageReference.TryParse(name, out var reference, out _))
            byName = visible.FirstOrDefault(n => n.ToString() == reference!.ToString());
        if (byName is not null)
        {
            if (visible.Count > 1)
            {
                Store.Untag(byName);
                return [new ImageDeleteResponseItem { Untagged = byName.FamiliarName }];
            }
            if (usedBy is not null && !force)
                throw new ImageConflictException($"conflict: unable to remove repository reference \"{name}\" (must force) - container {usedBy[..Math.Min(12, usedBy.Length)]} is using its referenced image {image.ShortId}");
        }
        else
        {
            if (visible.Count > 1 && !force)
                throw new ImageConflictException($"conflict: unable to delete {image.ShortId} (must be forced) - image is referenced in multiple repositories");
            if (usedBy is not null && !force)
                throw new ImageConflictException($"conflict: unable to delete {image.ShortId} (must be forced) - image is being used by container {usedBy[..Math.Min(12, usedBy.Length)]}");
        }
        foreach (var (n, _) in image.Names)
        {
            Store.Untag(n);
            if (!ImageNames.IsUntagged(n)) items.Add(new ImageDeleteResponseItem { Untagged = n.FamiliarName });
        }
        // A container's snapshot keeps the layers it stands on through garbage collection; only the blobs go.
        items.Add(new ImageDeleteResponseItem { Deleted = image.Id });
        Store.GarbageCollect();
        return items;
    }

    /// <summary>Removes the dangling images (all unused ones unless <paramref name="danglingOnly"/>) and collects garbage.</summary>
    public ImagePruneResponse Prune(bool danglingOnly, IReadOnlySet<string> usedIds)
    {
        var items = new List<ImageDeleteResponseItem>();
        foreach (var image in List())
        {
            if (usedIds.Contains(image.Id) || danglingOnly && !image.IsDangling) continue;
            foreach (var (n, _) in image.Names)
            {
                Store.Untag(n);
                if (!ImageNames.IsUntagged(n)) items.Add(new ImageDeleteResponseItem { Untagged = n.FamiliarName });
            }
            items.Add(new ImageDeleteResponseItem { Deleted = image.Id });
        }
        var collected = Store.GarbageCollect();
        return new ImagePruneResponse { ImagesDeleted = items, SpaceReclaimed = collected.BytesFreed };
    }

    /// <summary>Newest first; each layer-making entry takes the next layer's size.</summary>
    public IReadOnlyList<ImageHistoryItem> History(StoredImage image)
    {
        var layers = image.Image.Manifest.Layers;
        var history = image.Image.Config.History is { Count: > 0 } h
            ? h
            : [.. layers.Select(_ => new HistoryEntry { Created = image.Image.Config.Created })];
        var items = new List<ImageHistoryItem>();
        var layer = 0;
        foreach (var entry in history)
        {
            var size = !entry.EmptyLayer && layer < layers.Count ? layers[layer++].Size : 0;
            items.Add(new ImageHistoryItem
            {
                Id = "<missing>",
                Created = (entry.Created ?? DateTimeOffset.UnixEpoch).ToUnixTimeSeconds(),
                CreatedBy = entry.CreatedBy ?? "",
                Size = size,
                Comment = entry.Comment ?? "",
            });
        }
        items.Reverse();
        if (items.Count > 0) items[0] = items[0] with { Id = image.Id, Tags = image.RepoTags };
        return items;
    }

    public static ImageSummary Summary(StoredImage image, int containers) => new()
    {
        Id = image.Id,
        RepoTags = image.RepoTags,
        RepoDigests = image.RepoDigests,
        Created = image.Created.ToUnixTimeSeconds(),
        Size = image.Size,
        Labels = image.Image.Config.Config?.Labels ?? new Dictionary<string, string>(),
        Containers = containers,
    };

    public static ImageInspectResponse Inspect(StoredImage image)
    {
        var config = image.Image.Config;
        var c = config.Config ?? new ContainerConfig();
        return new ImageInspectResponse
        {
            Id = image.Id,
            RepoTags = image.RepoTags,
            RepoDigests = image.RepoDigests,
            Created = Api.DockerTime.Format(image.Created),
            Author = config.Author ?? "",
            Comment = config.History is { Count: > 0 } h ? h[^1].Comment ?? "" : "",
            Config = new ImageContainerConfigDto
            {
                User = c.User ?? "",
                Env = c.Env,
                Cmd = c.Cmd,
                Entrypoint = c.Entrypoint,
                WorkingDir = c.WorkingDir ?? "",
                Labels = c.Labels,
                Volumes = c.Volumes?.ToDictionary(v => v.Key, _ => new EmptyJsonObject()),
                ExposedPorts = c.ExposedPorts?.ToDictionary(v => v.Key, _ => new EmptyJsonObject()),
                StopSignal = c.StopSignal,
            },
            Architecture = config.Architecture,
            Variant = config.Variant,
            Os = config.Os,
            Size = image.Size,
            RootFS = new ImageRootFsDto { Layers = config.RootFs.DiffIds },
            ManifestDigest = image.Image.ManifestDigest,
        };
    }

    /// <summary>
    /// Runs a change of the index and keeps, untagged, every image that lost its last name by it: as Docker keeps the
    /// old image when a pull or a tag moves a name away, until it is pruned.
    /// </summary>
    private T KeepingOrphans<T>(Func<T> change)
    {
        var before = Store.Tags.List().Values.Select(r => r.Digest).ToHashSet(StringComparer.Ordinal);
        var result = change();
        var after = Store.Tags.List().Values.Select(r => r.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in before.Except(after))
        {
            if (Load(orphan) is { } image)
                KeepUntagged(image);
        }
        return result;
    }

    private void KeepingOrphans(Action change) => KeepingOrphans(() => { change(); return 0; });

    /// <summary>An image that came without a name stays, untagged, as Docker keeps it.</summary>
    private void KeepUntagged(Image image)
    {
        if (!Store.Tags.List().Values.Any(r => r.Digest == image.ManifestDigest))
            Store.Tags.Set(ImageNames.Untagged(image.ManifestDigest), new ImageRecord { Digest = image.ManifestDigest, MediaType = image.ManifestMediaType, Size = Store.Blobs.SizeOf(image.ManifestDigest) ?? 0 });
    }

    private Image? Load(string manifestDigest)
    {
        if (_parsed.TryGetValue(manifestDigest, out var cached)) return cached;
        try
        {
            return _parsed[manifestDigest] = Store.Load(manifestDigest, null);
        }
        catch (Exception e) when (e is BlobNotFoundException or ImageFormatException or FileNotFoundException)
        {
            return null; // a name whose blobs a crash or a concurrent rmi took: not an image (garbage collection removes it)
        }
    }

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigitLower);
}
