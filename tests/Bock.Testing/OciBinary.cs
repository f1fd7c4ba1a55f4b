namespace Bock.Testing;

/// <summary>The NativeAOT bock-oci under test (see <see cref="InstalledBinary"/>).</summary>
public static class OciBinary
{
    public static string Path { get; } = InstalledBinary.Find("bock-oci", "BOCK_OCI");
}
