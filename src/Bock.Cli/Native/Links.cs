using System.Runtime.InteropServices;

namespace Bock.Cli.Native;

/// <summary>link(2): .NET has symlinks but no hardlinks.</summary>
internal static partial class Links
{
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string target, string path);

    public static void CreateHardLink(string path, string target)
    {
        if (Link(target, path) != 0)
            throw new IOException($"link {path} to {target}: {Marshal.GetLastPInvokeErrorMessage()}");
    }
}
