using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bock.Host.Volumes;

/// <summary>
/// Local volumes under <c>&lt;root&gt;/volumes</c>, as Docker's local driver lays them out: a directory per volume with
/// the data in <c>_data</c>, and its metadata beside it. A volume exists once its metadata does (written last,
/// atomically), so a crash in between leaves nothing that lists.
/// </summary>
public sealed partial class VolumeStore
{
    private readonly string _root;
    private readonly Lock _gate = new();

    public VolumeStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(_root);
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ValidName();

    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    public string DataPath(string name) => Path.Combine(_root, name, "_data");

    /// <summary>Creates a volume, or returns the existing one of that name (<c>Created</c> false then).</summary>
    /// <exception cref="FormatException">An invalid name.</exception>
    public (VolumeRecord Volume, bool Created) Create(string? name, IReadOnlyDictionary<string, string>? labels, bool anonymous)
    {
        name = string.IsNullOrEmpty(name) ? RandomNumberGenerator.GetHexString(64, lowercase: true) : name;
        if (!IsValidName(name))
            throw new FormatException($"create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        lock (_gate)
        {
            if (Get(name) is { } existing) return (existing, false);
            Directory.CreateDirectory(DataPath(name));
            var metadata = new VolumeMetadata { CreatedAt = DateTimeOffset.UtcNow, Labels = labels?.ToDictionary() ?? [], Anonymous = anonymous };
            var file = MetadataPath(name);
            var temp = file + ".tmp";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(metadata, HostJsonContext.Default.VolumeMetadata));
            File.Move(temp, file, overwrite: true);
            return (ToRecord(name, metadata), true);
        }
    }

    public VolumeRecord? Get(string name)
    {
        if (!IsValidName(name) || !File.Exists(MetadataPath(name))) return null;
        try
        {
            var metadata = JsonSerializer.Deserialize(File.ReadAllBytes(MetadataPath(name)), HostJsonContext.Default.VolumeMetadata);
            return metadata is null ? null : ToRecord(name, metadata);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    public IReadOnlyList<VolumeRecord> List() =>
        [.. Directory.EnumerateDirectories(_root).Select(Path.GetFileName).OfType<string>().Select(Get).OfType<VolumeRecord>().OrderBy(v => v.Name, StringComparer.Ordinal)];

    /// <summary>Removes a volume and its data; the metadata goes first, so a half-removed volume no longer lists.</summary>
    public void Remove(string name)
    {
        if (!IsValidName(name)) return;
        lock (_gate)
        {
            File.Delete(MetadataPath(name));
            var directory = Path.Combine(_root, name);
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Bytes in the volume's data (for /system/df); symlinks are not followed.</summary>
    public long SizeOf(string name)
    {
        var data = new DirectoryInfo(DataPath(name));
        if (!data.Exists) return 0;
        return data.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true })
            .Sum(f => f.Length);
    }

    private string MetadataPath(string name) => Path.Combine(_root, name, "volume.json");

    private VolumeRecord ToRecord(string name, VolumeMetadata metadata) =>
        new(name, DataPath(name), metadata.CreatedAt, metadata.Labels, metadata.Anonymous);
}
