using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>unistd.h, fcntl.h and friends, with UTF-8 paths and errno turned into <see cref="KernelException"/>.</summary>
public static unsafe partial class Unistd
{
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_EXCL = 0x80, O_NOCTTY = 0x100,
        O_TRUNC = 0x200, O_NONBLOCK = 0x800, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000,
        O_PATH = 0x200000;
    public const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000, AT_SYMLINK_NOFOLLOW = 0x100;
    public const int F_SETFD = 2, F_GETFD = 1, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1, F_ADD_SEALS = 1033;
    public const int F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4, F_SEAL_WRITE = 8;
    public const uint CLOSE_RANGE_CLOEXEC = 4;
    public const int EINTR = 4, ENOENT = 2, ESRCH = 3, EEXIST = 17, ENOTDIR = 20, EBUSY = 16, EINVAL = 22, ENXIO = 6, EAGAIN = 11, ECHILD = 10;
    public const int WNOHANG = 1;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenCall(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtCall(int dirfd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2Call(int oldfd, int newfd);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int FcntlCall(int fd, int cmd, int arg);

    [LibraryImport("libc", EntryPoint = "chdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChdirCall(string path);

    [LibraryImport("libc", EntryPoint = "fchdir", SetLastError = true)]
    private static partial int FchdirCall(int fd);

    [LibraryImport("libc", EntryPoint = "chroot", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChrootCall(string path);

    [LibraryImport("libc", EntryPoint = "sethostname", SetLastError = true)]
    private static partial int SethostnameCall(byte* name, nuint length);

    [LibraryImport("libc", EntryPoint = "setdomainname", SetLastError = true)]
    private static partial int SetdomainnameCall(byte* name, nuint length);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MknodCall(string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "symlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SymlinkCall(string target, string linkPath);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownCall(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChmodCall(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "umask")]
    public static partial uint Umask(uint mask);

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static partial int ExecveCall(byte* path, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillCall(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitpidCall(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "getpid")]
    public static partial int GetPid();

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int Setsid();

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadCall(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteCall(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirCall(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkfifoCall(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreateCall(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "sendfile", SetLastError = true)]
    private static partial nint SendfileCall(int outFd, int inFd, long* offset, nuint count);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall3(long number, long a1, long a2, long a3);

    public static int Open(string path, int flags, uint mode = 0) =>
        KernelException.ThrowIfFailed(OpenCall(path, flags | O_CLOEXEC, mode), $"open {path}");

    /// <summary>Opens without O_CLOEXEC forced: for the few fds meant to cross an execve.</summary>
    public static int OpenInheritable(string path, int flags, uint mode = 0) =>
        KernelException.ThrowIfFailed(OpenCall(path, flags, mode), $"open {path}");

    public static int TryOpen(string path, int flags, uint mode = 0) => OpenCall(path, flags | O_CLOEXEC, mode);

    public static int OpenAt(int dirfd, string path, int flags, uint mode = 0) =>
        KernelException.ThrowIfFailed(OpenAtCall(dirfd, path, flags | O_CLOEXEC, mode), $"openat {path}");

    public static void Dup2(int oldfd, int newfd) => KernelException.ThrowIfFailed(Dup2Call(oldfd, newfd), $"dup2({oldfd}, {newfd})");

    public static void SetCloseOnExec(int fd, bool value) =>
        KernelException.ThrowIfFailed(FcntlCall(fd, F_SETFD, value ? FD_CLOEXEC : 0), $"fcntl({fd}, F_SETFD)");

    /// <summary>O_NONBLOCK on this open file description only: the other end of a pipe keeps its own flags.</summary>
    public static void SetNonBlocking(int fd)
    {
        var flags = KernelException.ThrowIfFailed(FcntlCall(fd, F_GETFL, 0), "fcntl(F_GETFL)");
        KernelException.ThrowIfFailed(FcntlCall(fd, F_SETFL, flags | O_NONBLOCK), "fcntl(F_SETFL)");
    }

    public static void AddSeals(int fd, int seals) => KernelException.ThrowIfFailed(FcntlCall(fd, F_ADD_SEALS, seals), "fcntl(F_ADD_SEALS)");

    public static void Chdir(string path) => KernelException.ThrowIfFailed(ChdirCall(path), $"chdir {path}");

    public static void Fchdir(int fd) => KernelException.ThrowIfFailed(FchdirCall(fd), "fchdir");

    public static void Chroot(string path) => KernelException.ThrowIfFailed(ChrootCall(path), $"chroot {path}");

    public static void SetHostname(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
            KernelException.ThrowIfFailed(SethostnameCall(p, (nuint)bytes.Length), $"sethostname {name}");
    }

    public static void SetDomainname(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* p = bytes)
            KernelException.ThrowIfFailed(SetdomainnameCall(p, (nuint)bytes.Length), $"setdomainname {name}");
    }

    public static void Mknod(string path, uint mode, ulong dev) => KernelException.ThrowIfFailed(MknodCall(path, mode, dev), $"mknod {path}");

    public static int TrySymlink(string target, string linkPath) => SymlinkCall(target, linkPath) < 0 ? Marshal.GetLastPInvokeError() : 0;

    public static void Chown(string path, uint uid, uint gid) => KernelException.ThrowIfFailed(ChownCall(path, uid, gid), $"chown {path}");

    public static void Chmod(string path, uint mode) => KernelException.ThrowIfFailed(ChmodCall(path, mode), $"chmod {path}");

    /// <summary>mkdir(2); returns 0 or the errno (EEXIST is often an answer).</summary>
    public static int TryMkdir(string path, uint mode) => MkdirCall(path, mode) < 0 ? Marshal.GetLastPInvokeError() : 0;

    public static void Mkfifo(string path, uint mode) => KernelException.ThrowIfFailed(MkfifoCall(path, mode), $"mkfifo {path}");

    public static int MemfdCreate(string name, uint flags) => KernelException.ThrowIfFailed(MemfdCreateCall(name, flags), $"memfd_create {name}");

    /// <summary>Copies everything from <paramref name="inFd"/>'s current offset to its end into <paramref name="outFd"/>.</summary>
    public static void CopyToEnd(int outFd, int inFd)
    {
        while (true)
        {
            var sent = SendfileCall(outFd, inFd, null, 1 << 30);
            if (sent == 0) return;
            if (sent < 0 && Marshal.GetLastPInvokeError() != EINTR)
                throw new KernelException("sendfile", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Marks every fd from <paramref name="first"/> up close-on-exec, so none reaches the container (CVE-2024-21626).</summary>
    public static void CloseOnExecFrom(int first) =>
        KernelException.ThrowIfFailed(Syscall3(SyscallNumbers.CloseRange, first, uint.MaxValue, CLOSE_RANGE_CLOEXEC), "close_range");

    /// <summary>kill(2); returns the errno (0 on success) because "no such process" is an answer, not a failure.</summary>
    public static int Kill(int pid, int signal) => KillCall(pid, signal) < 0 ? Marshal.GetLastPInvokeError() : 0;

    /// <summary>waitpid(2) retried on EINTR; returns the raw status.</summary>
    public static int WaitPid(int pid, out int status, int options = 0)
    {
        int s, r;
        do { r = WaitpidCall(pid, &s, options); } while (r < 0 && Marshal.GetLastPInvokeError() == EINTR);
        if (r < 0) throw new KernelException($"waitpid {pid}", Marshal.GetLastPInvokeError());
        status = s;
        return r;
    }

    public static int Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            nint n;
            do { n = ReadCall(fd, p, (nuint)buffer.Length); } while (n < 0 && Marshal.GetLastPInvokeError() == EINTR);
            return (int)KernelException.ThrowIfFailed((long)n, "read");
        }
    }

    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = WriteCall(fd, p + done, (nuint)(data.Length - done));
                if (n < 0 && Marshal.GetLastPInvokeError() == EINTR) continue;
                done += (int)KernelException.ThrowIfFailed((long)n, "write");
            }
        }
    }

    /// <summary>One write(2), EINTR retried: the bytes written, or the negated errno (-EAGAIN when a non-blocking fd is full).</summary>
    public static int TryWrite(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            nint n;
            do { n = WriteCall(fd, p, (nuint)data.Length); } while (n < 0 && Marshal.GetLastPInvokeError() == EINTR);
            return n < 0 ? -Marshal.GetLastPInvokeError() : (int)n;
        }
    }

    /// <summary>execve(2); returns only on failure, with the errno.</summary>
    public static int Execve(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp)
    {
        using var strings = new NativeStringArray(argv);
        using var env = new NativeStringArray(envp);
        var pathBytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = pathBytes)
            ExecveCall(p, strings.Pointer, env.Pointer);
        return Marshal.GetLastPInvokeError();
    }
}
