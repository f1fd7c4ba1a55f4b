using Bock.Host.Containers;

namespace Bock.Host.Tests.Containers;

public sealed class DockerSeccompTests
{
    private const string Profile = """
        {
          "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
          "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
                      {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
          "syscalls": [
            {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
            {"names": ["chroot"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_CHROOT"]}},
            {"names": ["chroot"], "action": "SCMP_ACT_ERRNO", "excludes": {"caps": ["CAP_SYS_CHROOT"]}},
            {"names": ["arch_prctl"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64"]}},
            {"names": ["breakpoint"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}}
          ]
        }
        """;

    [Fact]
    public void Rules_apply_by_the_containers_capabilities_and_the_hosts_architecture()
    {
        var profile = DockerSeccomp.Parse(Profile, "test");
        var withChroot = DockerSeccomp.Resolve(profile, ["CAP_SYS_CHROOT"]);
        var without = DockerSeccomp.Resolve(profile, []);

        Assert.Equal("SCMP_ACT_ERRNO", withChroot.DefaultAction);
        Assert.Contains(withChroot.Syscalls!, r => r.Names.Contains("chroot") && r.Action == "SCMP_ACT_ALLOW");
        Assert.DoesNotContain(withChroot.Syscalls!, r => r.Names.Contains("chroot") && r.Action == "SCMP_ACT_ERRNO");
        Assert.Contains(without.Syscalls!, r => r.Names.Contains("chroot") && r.Action == "SCMP_ACT_ERRNO");
        Assert.DoesNotContain(without.Syscalls!, r => r.Names.Contains("chroot") && r.Action == "SCMP_ACT_ALLOW");

        var x64 = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;
        Assert.Equal(x64, withChroot.Syscalls!.Any(r => r.Names.Contains("arch_prctl")));
        Assert.Equal(!x64, withChroot.Syscalls!.Any(r => r.Names.Contains("breakpoint")));
        Assert.Equal(x64 ? ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"] : ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], withChroot.Architectures);
    }

    [Fact]
    public void Docker_default_profile_is_installed_and_denies_by_default()
    {
        Assert.True(File.Exists(DockerSeccomp.DefaultProfilePath), $"{DockerSeccomp.DefaultProfilePath} is missing: apt-get install containers-common (podman brings it)");
        var spec = DockerSeccomp.Default(DockerCapabilities.Default)!;
        Assert.Equal("SCMP_ACT_ERRNO", spec.DefaultAction);
        Assert.Contains(spec.Syscalls!, r => r.Names.Contains("read") && r.Action == "SCMP_ACT_ALLOW");
    }
}
