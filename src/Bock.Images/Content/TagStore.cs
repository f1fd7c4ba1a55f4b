using System.Text.Json;
using Bock.Images.Oci;
using Bock.Images.Reference;

namespace Bock.Images.Content;

/// <summary>
/// The image index: normalised references (<c>docker.io/library/alpine:latest</c>, <c>repo@sha256:…</c>) → manifest.
/// One JSON file, replaced atomically (temp + rename) under an exclusive flock, so concurrent writers
/// in any process serialise and a reader never sees half a file.
/// </summary>
public sealed class TagStore(string root)
{
    private readonly string _file = Path.Combine(root, "images.json");
    private readonly string _lock = Path.Combine(root, "images.lock");

    public IReadOnlyDictionary<string, ImageRecord> List() => Load().Images;

    public ImageRecord? Get(ImageReference reference) => Load().Images.GetValueOrDefault(reference.ToString());

    public ImageRecord? Get(string name) => Load().Images.GetValueOrDefault(name);

    public void Set(ImageReference reference, ImageRecord record) => Update(d => d.Images[reference.ToString()] = record);

    public bool Remove(ImageReference reference)
    {
        bool removed = false;
        Update(d => removed = d.Images.Remove(reference.ToString()));
        return removed;
    }

    internal void Update(Action<TagIndexDocument> change)
    {
        using FileLock _ = FileLock.Exclusive(_lock);
        TagIndexDocument doc = Load();
        change(doc);
        string temp = _file + "." + Guid.NewGuid().ToString("N");
        using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(f, doc, ImagesJsonContext.Default.TagIndexDocument);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, _file, overwrite: true);
    }

    private TagIndexDocument Load()
    {
        try
        {
            using var f = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            TagIndexDocument doc = JsonSerializer.Deserialize(f, ImagesJsonContext.Default.TagIndexDocument) ?? new();
            return doc with { Images = new Dictionary<string, ImageRecord>(doc.Images, StringComparer.Ordinal) };
        }
        catch (FileNotFoundException)
        {
            return new TagIndexDocument();
        }
    }
}
