using System.Text.Json;

namespace Bock.Oci.Shim;

/// <summary>
/// The exit file: written once, atomically (temp file + rename), so a reader sees all of it or nothing. Not fsynced:
/// it lives under bockd's run root, which does not outlive a boot (/run), and neither does the container whose exit
/// it records; an fsync on a disk-backed /run cost milliseconds between a container's exit and its waiters.
/// </summary>
public static class ExitFile
{
    public static void Write(string path, ExitRecord exit)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(file, exit, ShimJsonContext.Default.ExitRecord);
        }
        File.Move(temp, path, overwrite: true);
    }

    public static ExitRecord Read(string path) =>
        JsonSerializer.Deserialize(File.ReadAllText(path), ShimJsonContext.Default.ExitRecord)
        ?? throw new InvalidDataException($"{path} is empty");
}
