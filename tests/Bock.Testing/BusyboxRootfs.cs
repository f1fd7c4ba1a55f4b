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
        foreach (var dir in new[] { "bin", "proc", "sys", "dev", "tmp", "etc", "root" })
            Directory.CreateDirectory(System.IO.Path.Combine(root, dir));
        File.Copy("/bin/busybox", System.IO.Path.Combine(root, "bin", "busybox"));
        var applets = Shell.RunAsync("/bin/busybox", ["--list"]).GetAwaiter().GetResult().Stdout;
        foreach (var applet in applets.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (applet != "busybox")
                File.CreateSymbolicLink(System.IO.Path.Combine(root, "bin", applet), "busybox");
        File.WriteAllText(System.IO.Path.Combine(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        File.WriteAllText(System.IO.Path.Combine(root, "etc", "group"), "root:x:0:\nnobody:x:65534:\n");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, true); } catch (IOException) { } };
        return root;
    }
}
