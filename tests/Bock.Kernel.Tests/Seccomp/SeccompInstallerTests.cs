using System.Runtime.InteropServices;
using Bock.Kernel.Native;
using Bock.Kernel.Seccomp;
using Bock.Kernel.Spec;
using Xunit;

namespace Bock.Kernel.Tests.Seccomp;

/// <summary>
/// Filters installed on the real kernel. Without TSYNC a filter and no_new_privs belong to the calling thread
/// only, so each test installs on a thread of its own that ends afterwards; the rest of the test host is untouched.
/// </summary>
[Trait("Category", "Privileged")]
public partial class SeccompInstallerTests : IDisposable
{
    private const int Eperm = 1, Eacces = 13, Einval = 22;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bock-seccomp-");

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Mkdir(string path, uint mode);

    [LibraryImport("libc", EntryPoint = "getpid")]
    private static partial int Getpid();

    public void Dispose() => _root.Delete(recursive: true);

    private string PathOf(string name) => System.IO.Path.Combine(_root.FullName, name);

    private static (int Result, int Errno) TryMkdir(string path)
    {
        var result = Mkdir(path, 0x1ED /* 0755 */);
        return (result, result < 0 ? Marshal.GetLastPInvokeError() : 0);
    }

    [Fact]
    public async Task A_filter_makes_mkdir_fail_with_eperm_on_its_thread_only()
    {
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls = [new SeccompSyscallSpec { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO" }],
        });
        (int Result, int Errno) filteredMkdir = default;
        var filteredPid = 0;
        Exception? filteredManaged = null;
        using var installed = new ManualResetEventSlim();
        using var othersChecked = new ManualResetEventSlim();

        var thread = new Thread(() =>
        {
            try
            {
                Prctl.Set(Prctl.PR_SET_NO_NEW_PRIVS, 1);
                SeccompInstaller.Install(program);
                filteredMkdir = TryMkdir(PathOf("from-filtered-thread"));
                filteredPid = Getpid();
                try
                {
                    Directory.CreateDirectory(PathOf("managed-from-filtered-thread"));
                }
                catch (Exception e)
                {
                    filteredManaged = e;
                }
            }
            finally
            {
                installed.Set();
                // Stay alive while the other threads check, so the filter exists while they run.
                othersChecked.Wait(Timeout);
            }
        });
        thread.Start();
        Assert.True(installed.Wait(Timeout));
        var whileAlive = TryMkdir(PathOf("from-test-thread"));
        var fromPool = await Task.Run(() => TryMkdir(PathOf("from-pool-thread")));
        othersChecked.Set();
        Assert.True(thread.Join(Timeout));

        Assert.Equal((-1, Eperm), filteredMkdir);
        Assert.Equal(Environment.ProcessId, filteredPid);
        Assert.IsType<UnauthorizedAccessException>(filteredManaged);
        Assert.False(Directory.Exists(PathOf("from-filtered-thread")));
        Assert.False(Directory.Exists(PathOf("managed-from-filtered-thread")));
        Assert.Equal((0, 0), whileAlive);
        Assert.Equal((0, 0), fromPool);
        Assert.True(Directory.Exists(PathOf("from-test-thread")));
        Assert.Equal((0, 0), TryMkdir(PathOf("after-the-thread-ended")));
    }

    [Fact]
    public void The_kernel_accepts_a_long_multi_arch_program_with_trampolines_and_flags()
    {
        // Every 3rd syscall gets a conditional rule that never matches (arg 5 is never this value), the others
        // are allowed explicitly: the program is long, has trampolines, and mkdir's rule sits far from the start.
        var names = SyscallTable.For(SeccompArchitecture.X86_64).Keys.Where(n => n is not ("mkdir" or "mkdirat")).Order(StringComparer.Ordinal).ToList();
        var program = SeccompCompiler.Compile(new SeccompSpec
        {
            DefaultAction = "SCMP_ACT_LOG",
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64"],
            Flags = ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
            Syscalls =
            [
                new SeccompSyscallSpec
                {
                    Names = names.Where((_, i) => i % 3 == 0).ToList(), Action = "SCMP_ACT_ERRNO", ErrnoRet = 5,
                    Args = [new SeccompArgSpec { Index = 5, Op = "SCMP_CMP_EQ", Value = 0xDEAD_BEEF_0000_0001 }],
                },
                new SeccompSyscallSpec { Names = names, Action = "SCMP_ACT_ALLOW" },
                new SeccompSyscallSpec { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO", ErrnoRet = Eacces },
            ],
        });
        Assert.InRange(program.Instructions.Length, 1000, SeccompCompiler.MaxInstructions);
        Assert.Contains(program.Instructions.ToArray(), insn => insn.Code == 0x05 && insn.K > 255);
        Assert.Equal(SeccompFilterFlags.Log | SeccompFilterFlags.SpecAllow, program.Flags);

        var (mkdir, pid) = OnFilteredThread(() =>
        {
            SeccompInstaller.Install(program);
            return (TryMkdir(PathOf("blocked")), Getpid());
        });

        Assert.Equal((-1, Eacces), mkdir);
        Assert.Equal(Environment.ProcessId, pid);
        Assert.False(Directory.Exists(PathOf("blocked")));
    }

    [Fact]
    public void A_program_the_kernel_rejects_is_a_kernel_exception()
    {
        // No RET at the end: the kernel's classic BPF checker refuses it.
        var error = OnFilteredThread(() =>
            Assert.Throws<KernelException>(() => SeccompInstaller.Install([new SockFilter(0x20, 0, 0, 0)], SeccompFilterFlags.None)));

        Assert.Equal(Einval, error.Errno);
        Assert.Contains("seccomp(SECCOMP_SET_MODE_FILTER", error.Message);
    }

    [Fact]
    public void An_empty_program_is_refused_before_the_kernel_sees_it()
    {
        Assert.Throws<ArgumentException>(() => SeccompInstaller.Install(ReadOnlySpan<SockFilter>.Empty, SeccompFilterFlags.None));
    }

    /// <summary>Runs <paramref name="body"/> on a new thread with no_new_privs set; the thread ends with it.</summary>
    private static T OnFilteredThread<T>(Func<T> body)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Prctl.Set(Prctl.PR_SET_NO_NEW_PRIVS, 1);
                result = body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        Assert.True(thread.Join(Timeout));
        if (failure is not null)
            throw new Xunit.Sdk.XunitException($"on the filtered thread: {failure}");
        return result;
    }
}
