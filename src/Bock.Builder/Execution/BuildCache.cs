using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Store;

namespace Bock.Builder.Execution;

/// <summary>
/// The step cache under <c>&lt;root&gt;/builder/cache/</c>: one file per key (the key's hex) naming the layer the step
/// made. A hit needs the blob and the snapshot still there (garbage collection may have taken them): else a miss.
/// Records are written atomically (temp file, rename), so a concurrent build reads either nothing or all of one.
/// </summary>
public sealed class BuildCache(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>sha256 over the parts, each length-prefixed so that no two part lists give the same bytes.</summary>
    /// <summary>
    /// What, besides a step's inputs, changes the bytes of every layer a build writes: owner normalisation and the
    /// SOURCE_DATE_EPOCH mtimes are clamped to. Empty for a build with neither, whose keys stay as they always were.
    /// </summary>
    public static string LayerVariant(BuildRequest request) =>
        (request.NormalizeOwners ? "normalize-owners" : "") +
        (request.SourceDateEpoch is { } epoch ? $" source-date-epoch={epoch.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "");

    public static string Key(params string[] parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts) builder.Append(part.Length).Append(':').Append(part).Append('\n');
        return Digest.Compute(Encoding.UTF8.GetBytes(builder.ToString()));
    }

    /// <summary>A record whose blob is still there, whatever the snapshots (a <c>COPY --link</c> layer goes on any parent).</summary>
    public CacheRecord? LookupBlob(string key, ImageStore store)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), BuildCacheJsonContext.Default.CacheRecord);
            return record is not null && store.Blobs.Exists(record.Blob.Digest) ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public CacheRecord? Lookup(string key, ImageStore store, string parentChain)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllBytes(path), BuildCacheJsonContext.Default.CacheRecord);
            if (record is null || !store.Blobs.Exists(record.Blob.Digest)) return null;
            var chain = ChainOf(parentChain, record.DiffId);
            return store.Snapshots.Exists(chain) ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Record(string key, CacheRecord record)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = PathOf(key) + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(record, BuildCacheJsonContext.Default.CacheRecord));
        File.Move(temp, PathOf(key), overwrite: true);
    }

    /// <summary>The chain id of a layer over <paramref name="parentChain"/> (empty: the first layer).</summary>
    public static string ChainOf(string parentChain, string diffId) =>
        parentChain.Length == 0 ? diffId : Digest.FromHash(SHA256.HashData(Encoding.ASCII.GetBytes(parentChain + " " + diffId)));

    private string PathOf(string key) => Path.Combine(Directory, Digest.Hex(key));
}

/// <summary>What a cached step made: its layer.</summary>
public sealed record CacheRecord(string DiffId, Descriptor Blob);

[JsonSerializable(typeof(CacheRecord))]
internal sealed partial class BuildCacheJsonContext : JsonSerializerContext;
