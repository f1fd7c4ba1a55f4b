using System.Globalization;
using Bock.EndToEnd.Tests.Support;

namespace Bock.EndToEnd.Tests;

/// <summary>
/// The run flags for resources, filesystem, security and the process itself, each checked where it takes effect:
/// the container's cgroup files on the host (cgroup v1 here, bockd's cgroupsPath /bock/&lt;id&gt;), or the kernel's
/// view from inside the container (/proc/self/status, /proc/self/limits, /proc/mounts).
/// </summary>
[Trait(Category.Name, Category.Privileged)]
public sealed class RunFlagsTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private const int CapChown = 0, CapNetAdmin = 12, CapSysAdmin = 21;

    private BockDaemon Daemon => fixture.Daemon;

    [Fact]
    public async Task Memory_cpus_and_pids_limit_are_written_to_the_containers_cgroups()
    {
        var name = Names.Unique("limits");
        var run = await Daemon.BockAsync("run", "-d", "--name", name, "--memory", "64m", "--cpus", "0.5", "--pids-limit", "42", BockDaemon.Image, "sleep", "1000");
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = (await Daemon.BockAsync("inspect", "-f", "{{.Id}}", name)).Stdout.Trim();
        Assert.Equal("67108864", Cgroup("memory", id, "memory.limit_in_bytes"));
        var period = long.Parse(Cgroup("cpu", id, "cpu.cfs_period_us"), CultureInfo.InvariantCulture);
        var quota = long.Parse(Cgroup("cpu", id, "cpu.cfs_quota_us"), CultureInfo.InvariantCulture);
        Assert.Equal(0.5, (double)quota / period, 3);
        Assert.Equal("42", Cgroup("pids", id, "pids.max"));
        // The container's process is in those cgroups, not merely next to them.
        var pid = (await Daemon.BockAsync("inspect", "-f", "{{.State.Pid}}", name)).Stdout.Trim();
        Assert.Contains(pid, Cgroup("memory", id, "cgroup.procs").Split('\n'));
        // inspect reports the limits back as Docker does (scripts read .HostConfig.Memory).
        var limits = await Daemon.BockAsync("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}", name);
        Assert.Equal("67108864 500000000 42\n", limits.Stdout);
        Assert.Equal(0, (await Daemon.BockAsync("rm", "-f", name)).ExitCode);
    }

    [Fact]
    public async Task Memory_limit_gets_a_process_past_it_oom_killed()
    {
        var name = Names.Unique("oom");
        // dd reads into one buffer of bs bytes: 64 MiB of it under a 16 MiB limit.
        // The kernel kills dd; the shell passes its 137 on.
        var run = await Daemon.BockAsync("run", "--name", name, "--memory", "16m", BockDaemon.Image, "sh", "-c", "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null");
        Assert.True(run.ExitCode == 137, run.ToString());
        Assert.Equal("true 137", (await Daemon.BockAsync("inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}}", name)).Stdout.Trim());
        var roomy = await Daemon.BockAsync("run", "--rm", "--memory", "256m", BockDaemon.Image, "sh", "-c", "dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo survived");
        Assert.Equal("survived\n", roomy.Stdout);
        Assert.Equal(0, (await Daemon.BockAsync("rm", name)).ExitCode);
    }

    [Fact]
    public async Task Pids_limit_stops_a_fork_beyond_it()
    {
        // sh and five sleeps fill a limit of 6: the later forks fail inside the container, where unlimited they do not.
        // (Not a limit of 3: bock-oci init's own threads count against pids.max until it execs, and a CI run saw a
        // create fail under a limit that tight.)
        const string script = "for i in 1 2 3 4 5 6 7 8 9 10; do sleep 5 & done; echo spawned";
        var limited = await Daemon.BockAsync("run", "--rm", "--pids-limit", "6", BockDaemon.Image, "sh", "-c", script);
        Assert.Contains("can't fork", limited.Stderr);
        var free = await Daemon.BockAsync("run", "--rm", BockDaemon.Image, "sh", "-c", script);
        Assert.True(free.ExitCode == 0 && free.Stderr == "", free.ToString());
    }

    [Fact]
    public async Task Ulimit_sets_soft_and_hard_limits()
    {
        var run = await Daemon.BockAsync("run", "--rm", "--ulimit", "nofile=1024:2048", "--ulimit", "nproc=500", BockDaemon.Image, "cat", "/proc/self/limits");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"Max open files\s+1024\s+2048\s+files", run.Stdout);
        Assert.Matches(@"Max processes\s+500\s+500\s+processes", run.Stdout);
    }

    [Fact]
    public async Task Tmpfs_mounts_a_fresh_tmpfs_with_its_options()
    {
        var run = await Daemon.BockAsync("run", "--rm", "--tmpfs", "/scratch:size=1m,mode=1770", BockDaemon.Image, "sh", "-c",
            "grep ' /scratch ' /proc/mounts; stat -c %a /scratch; echo x > /scratch/f && cat /scratch/f");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.StartsWith("tmpfs /scratch tmpfs ", lines[0]);
        Assert.Contains("size=1024k", lines[0]);
        Assert.Equal("1770", lines[1]);
        Assert.Equal("x", lines[2]);
    }

    [Fact]
    public async Task Read_only_makes_the_root_unwritable_but_leaves_tmpfs_and_volumes_writable()
    {
        var run = await Daemon.BockAsync("run", "--rm", "--read-only", "--tmpfs", "/tmp", BockDaemon.Image, "sh", "-c",
            "grep -E '^[^ ]+ / ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1; touch /root/x 2>&1; echo ok > /tmp/f && cat /tmp/f");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.Equal("ro", lines[0]);
        Assert.Contains("Read-only file system", lines[1]);
        Assert.Equal("ok", lines[2]);
        var writable = await Daemon.BockAsync("run", "--rm", BockDaemon.Image, "sh", "-c", "touch /root/x && echo wrote");
        Assert.Equal("wrote\n", writable.Stdout); // without the flag the same write works
    }

    [Fact]
    public async Task Cap_add_and_cap_drop_change_the_effective_set_and_what_the_process_may_do()
    {
        var defaults = CapEff(await Daemon.BockAsync("run", "--rm", BockDaemon.Image, "grep", "CapEff", "/proc/self/status"));
        Assert.True(Has(defaults, CapChown));
        Assert.False(Has(defaults, CapNetAdmin));

        var changed = await Daemon.BockAsync("run", "--rm", "--cap-add", "NET_ADMIN", "--cap-drop", "CHOWN", BockDaemon.Image, "sh", "-c",
            "grep CapEff /proc/self/status; touch /f; chown 1 /f 2>&1; ip link set lo mtu 1400 2>&1 && echo link-changed");
        var caps = CapEff(changed);
        Assert.True(Has(caps, CapNetAdmin));
        Assert.False(Has(caps, CapChown));
        Assert.Equal(defaults & ~(1UL << CapChown) | 1UL << CapNetAdmin, caps);
        Assert.Contains("Operation not permitted", changed.Stdout); // chown without CAP_CHOWN
        Assert.Contains("link-changed", changed.Stdout); // NET_ADMIN in its own network namespace

        var denied = await Daemon.BockAsync("run", "--rm", BockDaemon.Image, "sh", "-c", "ip link set lo mtu 1400 2>&1 || echo refused");
        Assert.Contains("refused", denied.Stdout);
    }

    [Fact]
    public async Task Privileged_grants_every_capability_and_the_hosts_devices()
    {
        var bounding = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("CapBnd:"));
        var run = await Daemon.BockAsync("run", "--rm", "--privileged", BockDaemon.Image, "sh", "-c",
            "grep CapEff /proc/self/status; ls /dev; grep -E '^[^ ]+ /sys ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Convert.ToUInt64(bounding.Split('\t')[1], 16), CapEff(run));
        Assert.True(Has(CapEff(run), CapSysAdmin));
        var host = Directory.GetFiles("/dev", "loop*").Select(Path.GetFileName).FirstOrDefault();
        if (host is not null) Assert.Contains(host + "\n", run.Stdout); // a device only --privileged shows
        Assert.EndsWith("rw\n", run.Stdout);

        var plain = await Daemon.BockAsync("run", "--rm", BockDaemon.Image, "ls", "/dev");
        if (host is not null) Assert.DoesNotContain(host + "\n", plain.Stdout);
    }

    [Fact]
    public async Task Security_opt_no_new_privileges_sets_the_flag_on_the_process()
    {
        var with = await Daemon.BockAsync("run", "--rm", "--security-opt", "no-new-privileges", BockDaemon.Image, "grep", "NoNewPrivs", "/proc/self/status");
        Assert.True(with.ExitCode == 0, with.ToString());
        Assert.Equal("NoNewPrivs:\t1\n", with.Stdout);
        var without = await Daemon.BockAsync("run", "--rm", BockDaemon.Image, "grep", "NoNewPrivs", "/proc/self/status");
        Assert.Equal("NoNewPrivs:\t0\n", without.Stdout);
    }

    [Fact]
    public async Task Env_file_sets_its_variables_skips_comments_and_e_wins()
    {
        var file = Path.Combine(Daemon.Directory, "e2e.env");
        await File.WriteAllTextAsync(file, "# a comment\nFROM_FILE=one\n\nSPACED=two words\nOVERRIDDEN=file\n");
        var run = await Daemon.BockAsync("run", "--rm", "--env-file", file, "-e", "OVERRIDDEN=flag", BockDaemon.Image, "sh", "-c",
            "echo \"$FROM_FILE|$SPACED|$OVERRIDDEN\"; env | grep -c comment");
        Assert.Equal("one|two words|flag\n0\n", run.Stdout);
        var missing = await Daemon.BockAsync("run", "--rm", "--env-file", "/no/such.env", BockDaemon.Image, "true");
        Assert.Equal(125, missing.ExitCode);
    }

    [Fact]
    public async Task User_workdir_entrypoint_and_hostname_shape_the_process()
    {
        var user = await Daemon.BockAsync("run", "--rm", "-u", "1234:5678", BockDaemon.Image, "sh", "-c", "id -u; id -g; grep ^Uid /proc/self/status");
        Assert.True(user.ExitCode == 0, user.ToString());
        Assert.StartsWith("1234\n5678\nUid:\t1234\t1234\t1234\t1234", user.Stdout);

        var workdir = await Daemon.BockAsync("run", "--rm", "-w", "/made/for/test", BockDaemon.Image, "pwd");
        Assert.Equal("/made/for/test\n", workdir.Stdout); // created when missing, as Docker does

        var entrypoint = await Daemon.BockAsync("run", "--rm", "--entrypoint", "/bin/echo", BockDaemon.Image, "from", "entrypoint");
        Assert.Equal("from entrypoint\n", entrypoint.Stdout);

        var hostname = await Daemon.BockAsync("run", "--rm", "--hostname", "e2e-box", BockDaemon.Image, "sh", "-c", "hostname; cat /proc/sys/kernel/hostname");
        Assert.Equal("e2e-box\ne2e-box\n", hostname.Stdout);
    }

    [Fact]
    public async Task Labels_are_kept_and_selected_by_ps_filter()
    {
        var name = Names.Unique("labelled");
        Assert.Equal(0, (await Daemon.BockAsync("run", "-d", "--name", name, "--label", "e2e.team=core", "-l", "e2e.flag", BockDaemon.Image, "sleep", "1000")).ExitCode);
        Assert.Equal("core|", (await Daemon.BockAsync("inspect", "-f", "{{index .Config.Labels \"e2e.team\"}}|{{index .Config.Labels \"e2e.flag\"}}", name)).Stdout.Trim());
        Assert.Equal($"{name}\n", (await Daemon.BockAsync("ps", "--filter", "label=e2e.team=core", "--format", "{{.Names}}")).Stdout);
        Assert.Equal($"{name}\n", (await Daemon.BockAsync("ps", "--filter", "label=e2e.flag", "--format", "{{.Names}}")).Stdout);
        Assert.Equal("", (await Daemon.BockAsync("ps", "--filter", "label=e2e.team=other", "--format", "{{.Names}}")).Stdout);
        Assert.Equal(0, (await Daemon.BockAsync("rm", "-f", name)).ExitCode);
    }

    private static string Cgroup(string controller, string id, string file) =>
        File.ReadAllText(Path.Combine("/sys/fs/cgroup", controller, "bock", id, file)).Trim();

    private static ulong CapEff(CommandResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.Stdout.Split('\n').Single(l => l.StartsWith("CapEff:"));
        return Convert.ToUInt64(line.Split('\t')[1], 16);
    }

    private static bool Has(ulong caps, int bit) => (caps & 1UL << bit) != 0;
}
