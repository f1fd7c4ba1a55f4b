namespace Bock.EndToEnd.Tests.Support;

/// <summary>The busybox root filesystem (Debian's busybox-static) as a tar, to <c>bock import</c> as busybox:latest.</summary>
public static class BusyboxTar
{
    private static readonly Lazy<string> Shared = new(() =>
    {
        var tar = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bock-e2e-busybox-{Environment.ProcessId}.tar");
        var result = Shell.RunAsync("/bin/tar", ["-C", BusyboxRootfs.Path, "-cf", tar, "."]).GetAwaiter().GetResult();
        if (result.ExitCode != 0) throw new InvalidOperationException(result.ToString());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(tar);
        return tar;
    });

    public static string Path => Shared.Value;
}
