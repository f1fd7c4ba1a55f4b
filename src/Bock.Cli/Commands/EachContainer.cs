using Bock.Cli.Daemon;

namespace Bock.Cli.Commands;

/// <summary>
/// Docker's way with several containers: act on each in turn, print its name on success and the daemon's error
/// otherwise, and exit 1 if any failed.
/// </summary>
internal static class EachContainer
{
    public static async Task<int> RunAsync(CliContext context, IReadOnlyList<string> names, Func<string, Task> action)
    {
        var failed = false;
        foreach (var name in names)
        {
            try
            {
                await action(name);
                await context.Out.WriteLineAsync(name);
            }
            catch (DaemonException e)
            {
                failed = true;
                await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            }
        }
        return failed ? 1 : 0;
    }

    public static string Escape(string name) => Uri.EscapeDataString(name);

    /// <summary>An image name in a path: each segment escaped, the slashes kept (<c>/images/library/busybox:1/json</c>), as Docker's clients send it.</summary>
    public static string EscapeImage(string name) => string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
}
