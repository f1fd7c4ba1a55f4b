using Bock.Kernel;
using Bock.Kernel.Spec;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Isolation;

/// <summary>
/// The table of isolation checks from the runtime issue, each a real container from the busybox bundle. Every row
/// asserts on what the container itself observed, and that nothing (state, cgroup) is left after it.
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class IsolationTests
{
    private static readonly IReadOnlyList<IsolationCase> Cases =
    [
        new("pid 1 inside", "echo $$", r => Assert.Equal("1", r.Stdout.Trim())),
        new("host processes invisible", "ls /proc | grep -c '^[0-9]'", r => Assert.InRange(int.Parse(r.Stdout.Trim()), 1, 3)),
        new("hostname set", "hostname", r => Assert.Equal("isolated-box", r.Stdout.Trim()),
            s => s with { Hostname = "isolated-box" }),
        new("host mounts invisible", "cat /proc/self/mountinfo",
            r =>
            {
                Assert.DoesNotContain(" /work", r.Stdout);
                Assert.DoesNotContain(" /etc/hosts ", r.Stdout);
                Assert.Contains(" / ro,", r.Stdout);
            }),
        new("CapEff equals the requested set", "grep -E 'Cap(Eff|Prm|Bnd)' /proc/self/status",
            r =>
            {
                var expected = (Capabilities.Mask(["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_CHOWN"])).ToString("x16");
                Assert.Contains($"CapEff:\t{expected}", r.Stdout);
                Assert.Contains($"CapPrm:\t{expected}", r.Stdout);
                Assert.Contains($"CapBnd:\t{expected}", r.Stdout);
            },
            s => s with { Process = s.Process! with { Capabilities = Caps("CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_CHOWN") } }),
        new("seccomp-denied syscall returns EPERM", "mkdir /tmp/denied; echo rc=$?; getpid_ok=$$; echo alive",
            r =>
            {
                Assert.Contains("Operation not permitted", r.Stderr);
                Assert.Contains("rc=1", r.Stdout);
                Assert.Contains("alive", r.Stdout);
            },
            s => s with
            {
                Mounts = [.. s.Mounts!, new MountSpec { Destination = "/tmp", Type = "tmpfs", Source = "tmpfs" }],
                Linux = s.Linux! with
                {
                    Seccomp = new SeccompSpec
                    {
                        DefaultAction = "SCMP_ACT_ALLOW", Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
                        Syscalls = [new SeccompSyscallSpec { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 1 }],
                    },
                },
            }),
        new("read-only root refuses writes", "touch /newfile; echo rc=$?",
            r =>
            {
                Assert.Contains("Read-only file system", r.Stderr);
                Assert.Contains("rc=1", r.Stdout);
            }),
        // This kernel has no /proc/kcore (CONFIG_PROC_KCORE off): where it exists it must read empty; the other
        // masked files exist here and must read empty too, while unmasked ones still have content.
        new("/proc/kcore and other masked paths read empty", "for f in /proc/kcore /proc/keys /proc/timer_list /proc/version; do if [ -e $f ]; then echo $f $(cat $f | wc -c); fi; done",
            r =>
            {
                var sizes = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1]));
                Assert.Equal(0, sizes["/proc/keys"]);
                Assert.Equal(0, sizes["/proc/timer_list"]);
                Assert.True(sizes["/proc/version"] > 0);
                if (File.Exists("/proc/kcore")) Assert.Equal(0, sizes["/proc/kcore"]);
            }),
        new("/proc/sys is read-only", "echo 1 > /proc/sys/kernel/domainname; echo rc=$?",
            r => Assert.Contains("rc=1", r.Stdout)),
        new("no runtime fd reaches the container", "ls /proc/self/fd",
            // 0-2 are stdio; 3 is the directory ls itself is reading.
            r => Assert.Equal(["0", "1", "2", "3"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()))),
        new("user, groups and umask applied", "id -u; id -g; id -G; umask",
            r => Assert.Equal(["1000", "1000", "1000 44 55", "0027"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())),
            s => s with { Process = s.Process! with { User = new UserSpec { Uid = 1000, Gid = 1000, AdditionalGids = [44, 55], Umask = 23 } } }),
        new("rlimits applied", "ulimit -n; ulimit -Hn",
            r => Assert.Equal(["256", "512"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())),
            s => s with { Process = s.Process! with { Rlimits = [new RlimitSpec { Type = "RLIMIT_NOFILE", Soft = 256, Hard = 512 }] } }),
        new("no_new_privs set", "grep NoNewPrivs /proc/self/status",
            r => Assert.Contains("NoNewPrivs:\t1", r.Stdout)),
        new("env and cwd", "echo $GREETING; pwd",
            r => Assert.Equal(["hello", "/work/dir"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            s => s with
            {
                Root = s.Root! with { Readonly = false },
                Process = s.Process! with { Env = ["PATH=/bin", "GREETING=hello"], Cwd = "/work/dir" },
            }),
        new("sysctl written in the container's namespace", "cat /proc/sys/net/ipv4/ip_forward",
            r => Assert.Equal("1", r.Stdout.Trim()),
            s => s with { Linux = s.Linux! with { Sysctl = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" } } }),
        new("oom_score_adj", "cat /proc/self/oom_score_adj",
            r => Assert.Equal("500", r.Stdout.Trim()),
            s => s with { Process = s.Process! with { OomScoreAdj = 500 } }),
        new("loopback is up in the new network namespace", "ip -o link show lo; ip -o link | wc -l",
            r =>
            {
                Assert.Contains("UP", r.Stdout.Split('\n')[0]);
                Assert.Equal("1", r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());
            }),
        new("cgroup mount shows the container's own cgroup", "cat /sys/fs/cgroup/pids/pids.max",
            r => Assert.Equal("42", r.Stdout.Trim()),
            s => s with { Linux = s.Linux! with { Resources = s.Linux.Resources! with { Pids = new PidsSpec { Limit = 42 } } } }),
        new("cpu and memory limits reach the container's cgroup",
            "cat /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/cpuset/cpuset.cpus /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory/memory.soft_limit_in_bytes",
            r => Assert.Equal(["512", "50000", "100000", "0", "67108864", "33554432"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            s => s with
            {
                Linux = s.Linux! with
                {
                    Resources = s.Linux.Resources! with
                    {
                        Cpu = new CpuSpec { Shares = 512, Quota = 50000, Period = 100000, Cpus = "0" },
                        Memory = new MemorySpec { Limit = 64 << 20, Reservation = 32 << 20 },
                    },
                },
            }),
        new("linux.devices nodes are created and allowed", "ls -ln /dev/extra-null | cut -c1-10; echo data > /dev/extra-null && echo writable",
            r => Assert.Equal(["crw-rw----", "writable"], r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            s => s with { Linux = s.Linux! with { Devices = [new DeviceSpec { Type = "c", Path = "/dev/extra-null", Major = 1, Minor = 3, FileMode = 0b110_110_000 }] } }),
        new("devices outside the allow list are refused", "mknod /tmp/mem c 1 1 && head -c1 /tmp/mem; echo rc=$?",
            r => Assert.Contains("rc=1", r.Stdout),
            s => s with
            {
                Mounts = [.. s.Mounts!, new MountSpec { Destination = "/tmp", Type = "tmpfs", Source = "tmpfs" }],
                Process = s.Process! with { Capabilities = Caps("CAP_MKNOD") },
            }),
    ];

    public static TheoryData<string> Names() => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Isolation(string name)
    {
        var row = Cases.Single(c => c.Name == name);
        await using var bundle = new TestBundle(["sh", "-c", row.Script], row.Customize);
        var result = await bundle.RunAsync();
        try
        {
            row.Check(result);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{name}: {e.Message}\n{result}");
        }
        Assert.False(bundle.StateExists, "run without --keep must delete the container");
        Assert.Empty(bundle.LeftoverCgroups());
    }

    private static CapabilitiesSpec Caps(params string[] names) =>
        new() { Bounding = names, Effective = names, Permitted = names, Inheritable = [], Ambient = [] };
}
