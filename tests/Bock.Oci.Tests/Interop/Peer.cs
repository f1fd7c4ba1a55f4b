namespace Bock.Oci.Tests.Interop;

/// <summary>The peer runtimes and tools these tests compare against: missing is a failure with the fix, never a skip.</summary>
internal static class Peer
{
    public static string Require(string name)
    {
        foreach (var dir in new[] { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" })
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
                return path;
        }
        throw new InvalidOperationException($"{name} is missing: apt-get install {name} (the interop tests need it as a peer)");
    }
}
