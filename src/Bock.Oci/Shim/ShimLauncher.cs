using System.Collections;
using System.Text;
using Bock.Kernel.Native;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// The caller's half of <c>bock-oci shim</c>: re-executes this binary with the same arguments as a new session
/// leader (so it leaves the caller's process group and terminal), stdio on /dev/null and a pipe on fd 3, and waits
/// for the one line the shim writes there once the container is created. Managed code never forks: posix_spawn.
/// </summary>
public static class ShimLauncher
{
    public const string ReadyFdVariable = "_BOCK_SHIM_READY_FD";
    private const int ReadyFd = 3;

    /// <summary>Returns the shim's pid once the container is created; throws with the shim's error otherwise.</summary>
    public static int Start()
    {
        var (readEnd, writeEnd) = Pipe.Create();
        int pid;
        try
        {
            var devNull = Unistd.Open("/dev/null", Unistd.O_RDWR);
            try
            {
                var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                    .Where(e => (string)e.Key != ReadyFdVariable)
                    .Select(e => $"{e.Key}={e.Value}")
                    .Append($"{ReadyFdVariable}={ReadyFd}")
                    .ToList();
                pid = Spawn.Start("/proc/self/exe", Environment.GetCommandLineArgs(), environment,
                    [(devNull, 0), (devNull, 1), (devNull, 2), (writeEnd, ReadyFd)], newSession: true);
            }
            finally
            {
                Unistd.Close(devNull);
                Unistd.Close(writeEnd);
            }
            var answer = ReadAll(readEnd).Trim();
            if (answer == "ok")
                return pid;
            // The shim failed and exits: reap it so no zombie is left with our caller.
            Unistd.WaitPid(pid, out var status);
            throw new OciException(answer.StartsWith("error ", StringComparison.Ordinal)
                ? answer["error ".Length..]
                : $"the shim exited before the container was created{ExitStatus.Describe(status)}");
        }
        finally
        {
            Unistd.Close(readEnd);
        }
    }

    private static string ReadAll(int fd)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        int n;
        while ((n = Unistd.Read(fd, buffer)) > 0)
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        return text.ToString();
    }
}
