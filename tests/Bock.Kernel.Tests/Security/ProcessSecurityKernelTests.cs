using Bock.Kernel.Native;
using Bock.Kernel.Security;
using Bock.Kernel.Spec;
using Tmds.Linux;
using Xunit;

namespace Bock.Kernel.Tests.Security;

/// <summary>The real kernel: capability changes on a dedicated thread, limits on a child process.</summary>
public sealed class ProcessSecurityKernelTests
{
    private const int CapSysResource = 24;

    [Fact]
    [Trait("Category", "Privileged")]
    public void DropBoundingSet_leaves_exactly_the_kept_capabilities_on_that_thread_only()
    {
        var before = ProcessSecurity.ReadCapabilityState();
        var kept = new[] { "CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE" };

        var after = DedicatedThread.Run(() =>
        {
            new ProcessSecurity().DropBoundingSet(new CapabilitiesSpec { Bounding = kept });
            return ProcessSecurity.ReadCapabilityState();
        });

        Assert.Equal(Capabilities.Mask(kept) & before.Bounding, after.Bounding);
        Assert.Equal(before.Bounding, ProcessSecurity.ReadCapabilityState().Bounding);
    }

    [Fact]
    [Trait("Category", "Privileged")]
    public unsafe void The_init_sequence_leaves_the_user_its_groups_umask_and_exactly_the_capabilities_asked_for()
    {
        var spec = new CapabilitiesSpec
        {
            Bounding = ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL"],
            Effective = ["CAP_CHOWN", "CAP_NET_BIND_SERVICE"],
            Permitted = ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL"],
            Inheritable = ["CAP_NET_BIND_SERVICE"],
            Ambient = ["CAP_NET_BIND_SERVICE"],
        };
        var hostUid = DedicatedThread.StatusField("Uid");

        var (state, uid, gid, groups, umask) = DedicatedThread.Run(() =>
        {
            // umask lives in the fs struct the threads share: give this thread its own before changing it.
            KernelException.ThrowIfFailed(LibC.unshare(LibC.CLONE_FS), "unshare(CLONE_FS)");
            var security = new ProcessSecurity(LinuxSecurityKernel.CallingThread);
            security.DropBoundingSet(spec);
            security.SetUser(new UserSpec { Uid = 1000, Gid = 1001, AdditionalGids = [2001, 2002], Umask = 0x17 /* 027 */ });
            security.ApplyCapabilities(spec);
            security.SetNoNewPrivileges();
            return (ProcessSecurity.ReadCapabilityState(), DedicatedThread.StatusField("Uid"), DedicatedThread.StatusField("Gid"),
                DedicatedThread.StatusField("Groups"), DedicatedThread.StatusField("Umask"));
        });

        Assert.Equal("1000\t1000\t1000\t1000", uid);
        Assert.Equal("1001\t1001\t1001\t1001", gid);
        Assert.Equal("2001 2002", groups);
        Assert.Equal("0027", umask);
        Assert.Equal(Capabilities.Mask(spec.Bounding), state.Bounding);
        Assert.Equal(Capabilities.Mask(spec.Effective), state.Effective);
        Assert.Equal(Capabilities.Mask(spec.Permitted), state.Permitted);
        Assert.Equal(Capabilities.Mask(spec.Inheritable), state.Inheritable);
        Assert.Equal(Capabilities.Mask(spec.Ambient), state.Ambient);
        Assert.True(state.NoNewPrivileges);

        // The test host's own thread is untouched.
        Assert.Equal(hostUid, DedicatedThread.StatusField("Uid"));
        Assert.False(ProcessSecurity.ReadCapabilityState().NoNewPrivileges);
    }

    [Fact]
    [Trait("Category", "Privileged")]
    public void Without_keepcaps_handling_the_uid_change_would_lose_the_permitted_set()
    {
        // Proves the keepcaps step matters: the same change by hand, without it, empties the permitted set.
        var permitted = DedicatedThread.Run(() =>
        {
            ThreadCredentials.SetResuid(1000);
            return ProcessSecurity.ReadCapabilityState().Permitted;
        });
        Assert.Equal(0UL, permitted);
    }

    [Fact]
    [Trait("Category", "Privileged")]
    public void ApplyCapabilities_leaves_out_an_ambient_capability_that_is_not_inheritable_as_runc_does()
    {
        var state = DedicatedThread.Run(() =>
        {
            new ProcessSecurity().ApplyCapabilities(new CapabilitiesSpec
            {
                Effective = ["CAP_CHOWN", "CAP_KILL"], Permitted = ["CAP_CHOWN", "CAP_KILL"], Inheritable = ["CAP_KILL"],
                Ambient = ["CAP_CHOWN", "CAP_KILL"], // CAP_CHOWN is not inheritable: the kernel would refuse it
            });
            return ProcessSecurity.ReadCapabilityState();
        });
        Assert.Equal(Capabilities.Mask(["CAP_KILL"]), state.Ambient);
        Assert.Equal(Capabilities.Mask(["CAP_CHOWN", "CAP_KILL"]), state.Effective);
    }

    [Fact]
    public void ApplyRlimits_lowers_the_limits_of_a_child_process()
    {
        using var child = SleepingChild.Start();
        new ProcessSecurity().ApplyRlimits([
            new RlimitSpec { Type = "RLIMIT_NOFILE", Soft = 64, Hard = 128 },
            new RlimitSpec { Type = "RLIMIT_CORE", Soft = 0, Hard = 0 },
        ], child.Id);

        var limits = File.ReadAllLines($"/proc/{child.Id}/limits");
        Assert.Matches(@"^Max open files\s+64\s+128\s+files", limits.Single(l => l.StartsWith("Max open files", StringComparison.Ordinal)));
        Assert.Matches(@"^Max core file size\s+0\s+0\s+bytes", limits.Single(l => l.StartsWith("Max core file size", StringComparison.Ordinal)));
    }

    [Fact]
    public void ApplyRlimits_raising_a_hard_limit_needs_CAP_SYS_RESOURCE_and_says_so()
    {
        using var child = SleepingChild.Start();
        var security = new ProcessSecurity();
        security.ApplyRlimits([new RlimitSpec { Type = "RLIMIT_NOFILE", Soft = 64, Hard = 128 }], child.Id);

        var raise = () => security.ApplyRlimits([new RlimitSpec { Type = "RLIMIT_NOFILE", Soft = 64, Hard = 256 }], child.Id);
        if ((ProcessSecurity.ReadCapabilityState().Effective & 1UL << CapSysResource) != 0)
        {
            raise();
            Assert.Contains(File.ReadAllLines($"/proc/{child.Id}/limits"), l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Max open files\s+64\s+256"));
            return;
        }
        var error = Assert.Throws<KernelException>(raise);
        Assert.Equal(LibC.EPERM, error.Errno);
        Assert.Contains("RLIMIT_NOFILE", error.Message);
        Assert.Contains("cannot be raised above the current 128", error.Message);
    }

    [Fact]
    public void ApplyOomScoreAdj_writes_the_score_of_a_child_process()
    {
        using var child = SleepingChild.Start();
        new ProcessSecurity().ApplyOomScoreAdj(500, child.Id);
        Assert.Equal("500", File.ReadAllText($"/proc/{child.Id}/oom_score_adj").Trim());
    }
}
