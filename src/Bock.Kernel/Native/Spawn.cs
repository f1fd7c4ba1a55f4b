using System.Runtime.InteropServices;

namespace Bock.Kernel.Native;

/// <summary>
/// posix_spawn(3): glibc clones with CLONE_VM|CLONE_VFORK and execs in native code, so managed code never runs in a
/// forked child. The child is created from the calling thread, so it inherits that thread's namespaces.
/// </summary>
public static unsafe partial class Spawn
{
    private const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on 64-bit; leave room.
    private const int ActionsSize = 256, AttrSize = 512, SigsetSize = 128;

    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_init(void* actions);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_destroy(void* actions);
    [LibraryImport("libc")] private static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newfd);
    [LibraryImport("libc")] private static partial int posix_spawnattr_init(void* attr);
    [LibraryImport("libc")] private static partial int posix_spawnattr_destroy(void* attr);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setflags(void* attr, short flags);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);
    [LibraryImport("libc")] private static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);
    [LibraryImport("libc")] private static partial int sigemptyset(void* set);
    [LibraryImport("libc")] private static partial int sigfillset(void* set);
    [LibraryImport("libc")] private static partial int posix_spawn(int* pid, byte* path, void* actions, void* attr, byte** argv, byte** envp);

    /// <summary>
    /// Starts <paramref name="path"/> with a clean signal state (nothing blocked, every disposition default: the .NET
    /// runtime ignores SIGPIPE and that would otherwise be inherited). <paramref name="fdMap"/> are (source, target)
    /// dup2 pairs; sources should be close-on-exec so only the targets cross the exec.
    /// </summary>
    public static int Start(string path, IReadOnlyList<string> argv, IReadOnlyList<string> envp,
        IReadOnlyList<(int Source, int Target)> fdMap, bool newSession = false)
    {
        var actions = NativeMemory.AllocZeroed(ActionsSize);
        var attr = NativeMemory.AllocZeroed(AttrSize);
        var empty = NativeMemory.AllocZeroed(SigsetSize);
        var all = NativeMemory.AllocZeroed(SigsetSize);
        try
        {
            posix_spawn_file_actions_init(actions);
            posix_spawnattr_init(attr);
            foreach (var (source, target) in fdMap)
                posix_spawn_file_actions_adddup2(actions, source, target);
            sigemptyset(empty);
            sigfillset(all);
            posix_spawnattr_setsigmask(attr, empty);
            posix_spawnattr_setsigdefault(attr, all);
            posix_spawnattr_setflags(attr, (short)(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (newSession ? POSIX_SPAWN_SETSID : 0)));
            using var args = new NativeStringArray(argv);
            using var env = new NativeStringArray(envp);
            var pathBytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
            int pid;
            int error;
            fixed (byte* p = pathBytes)
                error = posix_spawn(&pid, p, actions, attr, args.Pointer, env.Pointer);
            if (error != 0)
                throw new KernelException($"spawn {path}", error);
            return pid;
        }
        finally
        {
            posix_spawn_file_actions_destroy(actions);
            posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
            NativeMemory.Free(empty);
            NativeMemory.Free(all);
        }
    }
}
