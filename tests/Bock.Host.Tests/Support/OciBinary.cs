namespace Bock.Host.Tests.Support;

/// <summary>
/// The NativeAOT bock-oci: $BOCK_OCI, else the repository's out/bock-oci/bock-oci (scripts/install.sh publishes it
/// there), else /usr/local/bin/bock-oci. Missing is a failure, never a skip.
/// </summary>
public static class OciBinary
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("BOCK_OCI") is { Length: > 0 } fromEnv)
            return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "out", "bock-oci", "bock-oci");
            if (File.Exists(candidate) && File.Exists(System.IO.Path.Combine(dir.FullName, "Bock.sln")))
                return candidate;
        }
        if (File.Exists("/usr/local/bin/bock-oci"))
            return "/usr/local/bin/bock-oci";
        throw new InvalidOperationException("bock-oci not found: run scripts/install.sh (it publishes out/bock-oci/bock-oci) or set BOCK_OCI");
    }
}
