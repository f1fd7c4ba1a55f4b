using Bock.Kernel.Terminal;
using Tmds.Linux;
using Xunit;

namespace Bock.Kernel.Tests.Terminal;

public sealed class PtyTests
{
    [Fact]
    public void What_is_written_on_the_slave_is_read_on_the_master()
    {
        var master = Pty.Open();
        try
        {
            Assert.True(Fds.IsCloseOnExec(master.Fd));
            Assert.Equal($"/dev/pts/{master.Number}", master.SlavePath);
            var slave = Fds.Open(master.SlavePath, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
            try
            {
                Fds.Write(slave, "hello from the slave\n");
                // The line discipline's ONLCR turns \n into \r\n: proof the bytes went through a terminal.
                Assert.Contains("hello from the slave\r\n", Fds.ReadUntil(master.Fd, "\r\n"));
            }
            finally
            {
                Fds.Close(slave);
            }
        }
        finally
        {
            Fds.Close(master.Fd);
        }
    }

    [Fact]
    public void OpenSlave_through_the_master_is_the_same_terminal_as_the_slave_path()
    {
        var master = Pty.Open();
        var peer = Pty.OpenSlave(master.Fd);
        var byPath = Fds.Open(master.SlavePath, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        try
        {
            Assert.Equal(Fds.Stat(byPath).RawDevice, Fds.Stat(peer).RawDevice);
            Assert.True(Fds.IsCloseOnExec(peer));
            Fds.Write(master.Fd, "typed\n");
            Assert.Contains("typed", Fds.ReadUntil(peer, "typed"));
        }
        finally
        {
            Fds.Close(byPath);
            Fds.Close(peer);
            Fds.Close(master.Fd);
        }
    }

    [Fact]
    public void SetSize_is_seen_from_the_slave()
    {
        var master = Pty.Open();
        var slave = Pty.OpenSlave(master.Fd);
        try
        {
            Pty.SetSize(master.Fd, 42, 132);
            Assert.Equal(((ushort)42, (ushort)132), Pty.GetSize(slave));
        }
        finally
        {
            Fds.Close(slave);
            Fds.Close(master.Fd);
        }
    }

    [Fact]
    public void Open_names_the_missing_ptmx()
    {
        var error = Assert.Throws<Bock.Kernel.Native.KernelException>(() => Pty.Open("/nonexistent/ptmx"));
        Assert.Contains("/nonexistent/ptmx", error.Message);
        Assert.Equal(LibC.ENOENT, error.Errno);
    }

    [Theory]
    [InlineData("/dev/ptmx", 3, "/dev/pts/3")]
    [InlineData("/dev/pts/ptmx", 7, "/dev/pts/7")]
    [InlineData("/run/c1/rootfs/dev/ptmx", 0, "/run/c1/rootfs/dev/pts/0")]
    public void The_slave_lives_in_the_pts_directory_of_the_ptmx_used(string ptmx, int number, string slave) =>
        Assert.Equal(slave, Pty.SlavePathFor(ptmx, number));
}
