using Bock.Kernel.Cgroups;
using Xunit;

namespace Bock.Kernel.Tests.Cgroups;

public sealed class CgroupPathTests
{
    [Theory]
    [InlineData(null, "bock/web")]
    [InlineData("", "bock/web")]
    [InlineData("/machine/web", "machine/web")]
    [InlineData("machine//web/", "machine/web")]
    [InlineData("/a:b", "a:b")]
    public void Resolves_below_the_hierarchy_root(string? cgroupsPath, string expected) =>
        Assert.Equal(expected, CgroupPath.Resolve(cgroupsPath, "web"));

    [Theory]
    [InlineData("/bock/../../etc")]
    [InlineData("a/./b")]
    [InlineData("/")]
    public void Rejects_paths_that_leave_the_root(string cgroupsPath) =>
        Assert.Throws<CgroupException>(() => CgroupPath.Resolve(cgroupsPath, "web"));

    [Fact]
    public void Systemd_form_gets_a_clear_error()
    {
        var e = Assert.Throws<CgroupException>(() => CgroupPath.Resolve("system.slice:docker:abc", "abc"));
        Assert.Contains("systemd cgroups", e.Message);
        Assert.Contains("not supported", e.Message);
    }

    [Fact]
    public void Default_path_needs_a_usable_id() =>
        Assert.Throws<CgroupException>(() => CgroupPath.Resolve(null, "../x"));
}
