using Bock.Oci.Runtime;

namespace Bock.Oci.Init;

/// <summary>Finds args[0] as execvp would, with the container's PATH, after the root switch (so paths are the container's).</summary>
public static class ExecutableLookup
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string Find(string name, IReadOnlyList<string> env)
    {
        // runc's wording: callers classify by it (podman maps "no such file or directory" to 127, "permission denied" to 126).
        if (name.Contains('/'))
            return IsExecutableFile(name) ? name
                : !Path.Exists(name) ? throw new OciException($"exec: \"{name}\": stat {name}: no such file or directory")
                : throw new OciException($"exec: \"{name}\": permission denied");
        var path = env.LastOrDefault(e => e.StartsWith("PATH=", StringComparison.Ordinal))?[5..] ?? DefaultPath;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (IsExecutableFile(candidate))
                return candidate;
        }
        throw new OciException($"exec: \"{name}\": executable file not found in $PATH");
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            var mode = File.GetUnixFileMode(path);
            return File.Exists(path) && (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
