using Bock.Kernel.Terminal;
using Tmds.Linux;
using Xunit;

namespace Bock.Kernel.Tests.Terminal;

public sealed class ConsoleSocketTests
{
    [Fact]
    public async Task The_master_reaches_the_console_socket_listener_named_like_runc_names_it()
    {
        var directory = Directory.CreateTempSubdirectory("bock-console-");
        var socketPath = Path.Combine(directory.FullName, "console.sock");
        var listener = ConsoleSocket.Listen(socketPath);
        var master = Pty.Open();
        try
        {
            var receiving = Task.Run(() =>
            {
                var connection = ConsoleSocket.Accept(listener);
                try
                {
                    return ConsoleSocket.ReceiveMaster(connection);
                }
                finally
                {
                    Fds.Close(connection);
                }
            });

            ConsoleSocket.SendMaster(socketPath, master.Fd);
            var (receivedFd, name) = await receiving.WaitAsync(TimeSpan.FromSeconds(10));
            try
            {
                Assert.Equal("/dev/ptmx", name);
                // Same pty: what the slave writes comes out of the received master.
                var slave = Pty.OpenSlave(receivedFd);
                try
                {
                    Assert.Equal(master.Number, Pty.GetNumber(receivedFd));
                    Fds.Write(slave, "through the socket\n");
                    Assert.Contains("through the socket", Fds.ReadUntil(receivedFd, "socket"));
                }
                finally
                {
                    Fds.Close(slave);
                }
            }
            finally
            {
                Fds.Close(receivedFd);
            }
        }
        finally
        {
            Fds.Close(master.Fd);
            Fds.Close(listener);
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void SendMaster_to_a_socket_nobody_listens_on_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bock-no-listener-{Guid.NewGuid():N}.sock");
        var error = Assert.Throws<Bock.Kernel.Native.KernelException>(() => ConsoleSocket.SendMaster(path, 0));
        Assert.Contains(path, error.Message);
        Assert.Equal(LibC.ENOENT, error.Errno);
    }
}
