using System.Runtime.InteropServices;

namespace Bock.Cli.Native;

/// <summary>
/// A non-interactive shell starts its background jobs with SIGINT ignored, and .NET leaves an ignored SIGINT
/// ignored: `bockrose up &amp;` in a script (or under a CI runner) could then never be stopped with SIGINT. Like
/// docker's CLI (Go un-ignores a signal it is asked to handle), the client takes SIGINT back before it registers
/// its Ctrl-C handling.
/// </summary>
internal static partial class InterruptSignal
{
    private const int SIGINT = 2;
    private static readonly nint Default = 0;
    private static readonly nint Ignore = 1;

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);

    public static void Unignore()
    {
        var previous = Signal(SIGINT, Default);
        // Only an ignored (or default) disposition is replaced; a handler someone installed stays.
        if (previous != Ignore && previous != Default) Signal(SIGINT, previous);
    }
}
