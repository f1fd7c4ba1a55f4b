using System.Diagnostics;
using Bock.Kernel.Native;
using Tmds.Linux;
using Xunit;

namespace Bock.Kernel.Tests.Native;

/// <summary>The calls a shim serving many containers is built on: epoll (its event layout), pidfd_open and flock.</summary>
public sealed class EventFdsTests
{
    private static unsafe (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        KernelException.ThrowIfFailed(LibC.pipe2(fds, LibC.O_CLOEXEC), "pipe2");
        return (fds[0], fds[1]);
    }

    [Fact]
    public void Epoll_reports_the_readable_fd_by_its_token_and_forgets_a_removed_one()
    {
        var epoll = Epoll.Create();
        var (quietRead, quietWrite) = Pipe();
        var (read, write) = Pipe();
        try
        {
            Epoll.Add(epoll, quietRead, Epoll.EPOLLIN, 7);
            Epoll.Add(epoll, read, Epoll.EPOLLIN, 0x1_0000_0002); // the token's high half survives the packed layout
            Unistd.WriteAll(write, "x"u8);
            Span<(uint Events, ulong Data)> ready = new (uint, ulong)[4];

            Assert.Equal(1, Epoll.Wait(epoll, ready));
            Assert.Equal((Epoll.EPOLLIN, 0x1_0000_0002UL), ready[0]);

            Epoll.Remove(epoll, read);
            Unistd.WriteAll(quietWrite, "y"u8);
            Assert.Equal(1, Epoll.Wait(epoll, ready));
            Assert.Equal(7UL, ready[0].Data);
        }
        finally
        {
            foreach (var fd in new[] { epoll, quietRead, quietWrite, read, write }) Unistd.Close(fd);
        }
    }

    [Fact]
    public void A_pidfd_is_close_on_exec_and_becomes_readable_when_the_process_exits()
    {
        using var child = Process.Start("sleep", "0.2");
        var pidfd = Pidfd.Open(child.Id);
        var epoll = Epoll.Create();
        try
        {
            Assert.Equal(LibC.FD_CLOEXEC, LibC.fcntl(pidfd, LibC.F_GETFD, 0) & LibC.FD_CLOEXEC);
            Epoll.Add(epoll, pidfd, Epoll.EPOLLIN, 1);
            Span<(uint Events, ulong Data)> ready = new (uint, ulong)[1];
            Assert.Equal(1, Epoll.Wait(epoll, ready));
            Assert.True(child.WaitForExit(1000));
        }
        finally
        {
            Unistd.Close(epoll);
            Unistd.Close(pidfd);
        }
    }

    [Fact]
    public async Task A_file_lock_is_exclusive_until_released()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bock-lock-{Guid.NewGuid():N}");
        try
        {
            var first = FileLock.Acquire(path);
            var second = Task.Run(() => FileLock.Acquire(path));
            await Task.Delay(200);
            Assert.False(second.IsCompleted, "a second holder got the lock");
            FileLock.Release(first);
            FileLock.Release(await second.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
