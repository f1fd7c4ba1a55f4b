namespace Bock.Testing;

/// <summary>A root filesystem made from Debian's static busybox, shared read-only by the tests of a run.</summary>
public static class BusyboxRootfs
{
    private static readonly Lazy<string> Shared = new(Create);

    public static string Path => Shared.Value;

    private static string Create()
    {
        if (!File.Exists("/bin/busybox"))
            throw new InvalidOperationException("/bin/busybox is missing: apt-get install busybox-static (scripts/install.sh does)");
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bock-test-rootfs-{Environment.ProcessId}");
        if (Directory.Exists(root)) Directory.Delete(root, true);
        // Explicit modes: a run under umask 077 must still give a tree that a non-root container user can use.
        const UnixFileMode open = (UnixFileMode)0b111_101_101;
        MakeDirectory(root, open);
        foreach (var dir in new[] { "bin", "proc", "sys", "dev", "etc" })
            MakeDirectory(System.IO.Path.Combine(root, dir), open);
        MakeDirectory(System.IO.Path.Combine(root, "root"), (UnixFileMode)0b111_000_000);
        MakeDirectory(System.IO.Path.Combine(root, "tmp"), (UnixFileMode)0b1_111_111_111);
        File.Copy("/bin/busybox", System.IO.Path.Combine(root, "bin", "busybox"));
        var applets = Shell.RunAsync("/bin/busybox", ["--list"]).GetAwaiter().GetResult().Stdout;
        foreach (var applet in applets.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (applet != "busybox")
                File.CreateSymbolicLink(System.IO.Path.Combine(root, "bin", applet), "busybox");
        WriteReadable(System.IO.Path.Combine(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        WriteReadable(System.IO.Path.Combine(root, "etc", "group"), "root:x:0:\nnobody:x:65534:\n");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, true); } catch (IOException) { } };
        return root;
    }

    /// <summary>mkdir's mode goes through the umask; the chmod after it does not.</summary>
    private static void MakeDirectory(string path, UnixFileMode mode)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, mode);
    }

    private static void WriteReadable(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
    }
}
