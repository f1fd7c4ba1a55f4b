using Bock.Kernel.Native;
using Bock.Kernel.Security;
using Bock.Kernel.Spec;
using Xunit;

namespace Bock.Kernel.Tests.Security;

public sealed class ProcessSecurityTests
{
    [Fact]
    public void DropBoundingSet_drops_every_capability_not_kept_up_to_the_kernels_last_one()
    {
        var kernel = new RecordingSecurityKernel { LastCap = 37 };
        new ProcessSecurity(kernel).DropBoundingSet(new CapabilitiesSpec { Bounding = ["CAP_CHOWN", "CAP_KILL", "CAP_BPF"] });

        var dropped = kernel.Calls.Select(c => int.Parse(c["drop ".Length..])).ToList();
        var expected = Enumerable.Range(0, 38).Where(n => n is not 0 and not 5).ToList();
        Assert.Equal(expected, dropped); // CAP_BPF (39) and CAP_PERFMON (38) are beyond this kernel: never asked for
    }

    [Fact]
    public void DropBoundingSet_with_no_capabilities_section_changes_nothing()
    {
        var kernel = new RecordingSecurityKernel();
        new ProcessSecurity(kernel).DropBoundingSet(null);
        new ProcessSecurity(kernel).ApplyCapabilities(null);
        Assert.Empty(kernel.Calls);
    }

    [Fact]
    public void DropBoundingSet_with_an_empty_bounding_list_drops_everything()
    {
        var kernel = new RecordingSecurityKernel { LastCap = 40 };
        new ProcessSecurity(kernel).DropBoundingSet(new CapabilitiesSpec());
        Assert.Equal(41, kernel.Calls.Count);
    }

    [Fact]
    public void SetUser_keeps_capabilities_only_across_the_id_change_then_sets_the_umask()
    {
        var kernel = new RecordingSecurityKernel();
        new ProcessSecurity(kernel).SetUser(new UserSpec { Uid = 1000, Gid = 100, AdditionalGids = [10, 20], Umask = 0b000_010_111 });

        Assert.Equal(
            ["keepcaps True", "setgroups [10,20]", "setresgid 100", "setresuid 1000", "keepcaps False", "umask 27"],
            kernel.Calls);
    }

    [Fact]
    public void SetUser_without_additional_gids_or_umask_clears_the_groups_and_sets_runcs_default_umask()
    {
        var kernel = new RecordingSecurityKernel();
        new ProcessSecurity(kernel).SetUser(new UserSpec());
        Assert.Contains("setgroups []", kernel.Calls);
        // The caller's umask (bockd's, podman's) must not decide the container's: runc sets 0022 then.
        Assert.Equal("umask 22", kernel.Calls[^1]);
    }

    [Fact]
    public void SetUser_clears_keepcaps_even_when_setresuid_fails()
    {
        var kernel = new RecordingSecurityKernel { SetResuidFailure = new KernelException("setresuid(5)", 1) };
        Assert.Throws<KernelException>(() => new ProcessSecurity(kernel).SetUser(new UserSpec { Uid = 5 }));
        Assert.Equal("keepcaps False", kernel.Calls[^1]);
    }

    [Fact]
    public void SetUser_skips_setgroups_where_the_user_namespace_denies_it_but_refuses_to_drop_asked_groups()
    {
        var denied = new RecordingSecurityKernel { SetgroupsAllowedValue = false };
        new ProcessSecurity(denied).SetUser(new UserSpec { Uid = 1 });
        Assert.DoesNotContain(denied.Calls, c => c.StartsWith("setgroups", StringComparison.Ordinal));

        var asked = new RecordingSecurityKernel { SetgroupsAllowedValue = false };
        var error = Assert.Throws<KernelException>(() => new ProcessSecurity(asked).SetUser(new UserSpec { Uid = 1, AdditionalGids = [7] }));
        Assert.Contains("deny", error.Message);
        Assert.DoesNotContain(asked.Calls, c => c.StartsWith("setresuid", StringComparison.Ordinal));
    }

    [Fact]
    public void ApplyCapabilities_sets_the_three_sets_then_clears_and_raises_ambient_leaving_out_unknown_numbers()
    {
        var kernel = new RecordingSecurityKernel { LastCap = 38 };
        new ProcessSecurity(kernel).ApplyCapabilities(new CapabilitiesSpec
        {
            Effective = ["CAP_CHOWN", "CAP_BPF"],
            Permitted = ["CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_BPF"],
            Inheritable = ["CAP_NET_BIND_SERVICE"],
            Ambient = ["CAP_NET_BIND_SERVICE", "CAP_BPF"],
        });

        Assert.Equal(["capset 1 401 400", "ambient clear", "ambient raise 10"], kernel.Calls);
    }

    [Fact]
    public void ApplyRlimits_explains_a_hard_limit_that_cannot_be_raised()
    {
        var kernel = new RecordingSecurityKernel { RlimitErrno = 1, CurrentRlimit = (1024, 4096) };
        var error = Assert.Throws<KernelException>(() => new ProcessSecurity(kernel).ApplyRlimits(
            [new RlimitSpec { Type = "RLIMIT_NOFILE", Soft = 1024, Hard = 8192 }]));

        Assert.Equal(1, error.Errno);
        Assert.Contains("RLIMIT_NOFILE", error.Message);
        Assert.Contains("hard limit cannot be raised above the current 4096", error.Message);
        Assert.Contains("CAP_SYS_RESOURCE", error.Message);
    }

    [Fact]
    public void ApplyRlimits_sets_each_in_order_and_rejects_an_unknown_type()
    {
        var kernel = new RecordingSecurityKernel();
        var security = new ProcessSecurity(kernel);
        security.ApplyRlimits([
            new RlimitSpec { Type = "RLIMIT_NOFILE", Soft = 10, Hard = 20 },
            new RlimitSpec { Type = "RLIMIT_CORE", Soft = 0, Hard = ulong.MaxValue },
        ], pid: 42);
        Assert.Equal(["prlimit 42 7 10 20", $"prlimit 42 4 0 {ulong.MaxValue}"], kernel.Calls);

        var error = Assert.Throws<ArgumentException>(() => security.ApplyRlimits([new RlimitSpec { Type = "RLIMIT_BOGUS" }]));
        Assert.Contains("RLIMIT_BOGUS", error.Message);
    }

    [Fact]
    public void ApplyOomScoreAdj_rejects_scores_outside_the_kernels_range()
    {
        var kernel = new RecordingSecurityKernel();
        var security = new ProcessSecurity(kernel);
        Assert.Throws<ArgumentOutOfRangeException>(() => security.ApplyOomScoreAdj(1001));
        Assert.Throws<ArgumentOutOfRangeException>(() => security.ApplyOomScoreAdj(-1001));
        security.ApplyOomScoreAdj(-1000);
        Assert.Equal(["oom 0 -1000"], kernel.Calls);
    }

    [Fact]
    public void CapabilityState_parses_the_status_lines()
    {
        var state = CapabilityState.Parse(
            "Name:\tx\nCapInh:\t0000000000000400\nCapPrm:\t000001fffeffffff\nCapEff:\t0000000000000001\n" +
            "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000400\nNoNewPrivs:\t1\n");

        Assert.Equal(new CapabilityState(0x400, 0x1fffeffffff, 1, 0x1ffffffffff, 0x400, true), state);
        Assert.Equal(["CAP_CHOWN"], CapabilityState.Names(state.Effective));
    }
}
