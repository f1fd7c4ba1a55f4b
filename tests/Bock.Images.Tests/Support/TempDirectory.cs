namespace Bock.Images.Tests.Support;

/// <summary>A temporary directory removed (with whatever is mounted or read-only in it) when disposed.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "bock-images-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception) when (Directory.Exists(Path))
        {
            // a mount left behind by a failed test: detach it, then retry once
            foreach (string line in File.ReadAllLines("/proc/self/mounts").Reverse())
            {
                string target = line.Split(' ')[1];
                if (target.StartsWith(Path, StringComparison.Ordinal))
                    Run.Command("umount", "-l", target);
            }
            Directory.Delete(Path, recursive: true);
        }
    }
}
