using System.Text;
using Bock.Kernel.Native;
using Bock.Kernel.Terminal;
using Tmds.Linux;
using Xunit;

namespace Bock.Kernel.Tests.Terminal;

public sealed unsafe class FdPassingTests
{
    private static (int, int) SocketPair()
    {
        var pair = stackalloc int[2];
        KernelException.ThrowIfFailed(LibC.socketpair(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0, pair), "socketpair");
        return (pair[0], pair[1]);
    }

    [Fact]
    public void Fds_arrive_as_new_close_on_exec_descriptors_of_the_same_files_with_the_payload()
    {
        var (left, right) = SocketPair();
        var directory = Directory.CreateTempSubdirectory("bock-fdpassing-");
        var sent = new[] { "a", "b", "c" }.Select(name =>
        {
            var path = Path.Combine(directory.FullName, name);
            File.WriteAllText(path, name);
            return Fds.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        }).ToArray();
        Span<int> received = stackalloc int[4];
        try
        {
            FdPassing.Send(left, "three files"u8, sent);
            var payload = new byte[64];
            var (bytes, count) = FdPassing.Receive(right, payload, received);

            Assert.Equal("three files", Encoding.UTF8.GetString(payload, 0, bytes));
            Assert.Equal(3, count);
            for (var i = 0; i < 3; i++)
            {
                Assert.NotEqual(sent[i], received[i]);
                Assert.Equal(Fds.Stat(sent[i]).Inode, Fds.Stat(received[i]).Inode);
                Assert.Equal(Fds.Stat(sent[i]).Device, Fds.Stat(received[i]).Device);
                Assert.True(Fds.IsCloseOnExec(received[i]));
            }
        }
        finally
        {
            foreach (var fd in sent.Concat(received[..3].ToArray()).Append(left).Append(right))
                Fds.Close(fd);
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void One_fd_sent_is_one_fd_received()
    {
        // Guards the CMSG_LEN workaround: with Tmds.LibC's padded length the kernel also sent our fd 0.
        var (left, right) = SocketPair();
        Span<int> received = stackalloc int[4];
        try
        {
            FdPassing.Send(left, "1"u8, [left]);
            var (_, count) = FdPassing.Receive(right, new byte[8], received);
            Assert.Equal(1, count);
            Assert.Equal(Fds.Stat(left).Inode, Fds.Stat(received[0]).Inode);
            Fds.Close(received[0]);
        }
        finally
        {
            Fds.Close(left);
            Fds.Close(right);
        }
    }

    [Fact]
    public void A_message_without_fds_is_just_a_payload()
    {
        var (left, right) = SocketPair();
        try
        {
            FdPassing.Send(left, "ping"u8, []);
            var payload = new byte[16];
            Span<int> fds = stackalloc int[2];
            Assert.Equal((4, 0), FdPassing.Receive(right, payload, fds));
        }
        finally
        {
            Fds.Close(left);
            Fds.Close(right);
        }
    }

    [Fact]
    public void More_fds_than_expected_fail_instead_of_leaking()
    {
        var (left, right) = SocketPair();
        try
        {
            FdPassing.Send(left, "x"u8, [left, right]);
            var payload = new byte[16];
            var error = Assert.Throws<IOException>(() =>
            {
                Span<int> one = stackalloc int[1];
                FdPassing.Receive(right, payload, one);
            });
            Assert.Contains("more fds", error.Message);
        }
        finally
        {
            Fds.Close(left);
            Fds.Close(right);
        }
    }

    [Fact]
    public void An_empty_payload_is_refused_because_it_could_not_carry_the_fds()
    {
        Assert.Throws<ArgumentException>(() => FdPassing.Send(0, [], [1]));
    }
}
