using Bock.Kernel.Native;
using Bock.Kernel.Terminal;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Interop;

/// <summary>runc's --console-socket protocol as a caller (containerd, conmon) uses it: we listen, bock-oci sends the master.</summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class ConsoleSocketTests
{
    private static async Task<(int Master, string Name)> ReceiveAsync(int listener)
    {
        var connection = await Task.Run(() => ConsoleSocket.Accept(listener)).WaitAsync(TimeSpan.FromSeconds(15));
        try
        {
            return ConsoleSocket.ReceiveMaster(connection);
        }
        finally
        {
            Unistd.Close(connection);
        }
    }

    [Fact]
    public async Task Create_and_exec_send_a_working_pty_master_to_the_console_socket()
    {
        await using var bundle = new TestBundle(["sh", "-c", "tty; echo hi; sleep 30"], spec => spec with { Process = spec.Process! with { Terminal = true } });
        bundle.Write();
        var socketPath = Path.Combine(bundle.Directory, "console.sock");
        var listener = ConsoleSocket.Listen(socketPath);
        try
        {
            var receiving = ReceiveAsync(listener);
            var create = await bundle.OciAsync("create", "--bundle", bundle.Directory, "--console-socket", socketPath, bundle.Id);
            Assert.True(create.ExitCode == 0, create.ToString());
            var (master, name) = await receiving;
            try
            {
                Assert.Equal("/dev/ptmx", name); // runc sends this name; conmon ignores it, others log it
                var start = await bundle.OciAsync("start", bundle.Id);
                Assert.True(start.ExitCode == 0, start.ToString());
                var output = await PtyOutput.ReadUntilAsync(master, "hi\r\n", TimeSpan.FromSeconds(10));
                Assert.Contains("/dev/pts/0\r\n", output);
                Assert.Contains("hi\r\n", output);
            }
            finally
            {
                Unistd.Close(master);
            }

            var execReceiving = ReceiveAsync(listener);
            var exec = await bundle.OciAsync("exec", "-t", "-d", "--console-socket", socketPath, bundle.Id, "sh", "-c", "tty; echo exec-hi");
            Assert.True(exec.ExitCode == 0, exec.ToString());
            var (execMaster, _) = await execReceiving;
            try
            {
                var output = await PtyOutput.ReadUntilAsync(execMaster, "exec-hi\r\n", TimeSpan.FromSeconds(10));
                Assert.Matches(@"/dev/pts/[1-9]\d*\r\n", output); // a pty of its own, not the container's /dev/pts/0
                Assert.Contains("exec-hi\r\n", output);
            }
            finally
            {
                Unistd.Close(execMaster);
            }
        }
        finally
        {
            Unistd.Close(listener);
        }
    }
}
